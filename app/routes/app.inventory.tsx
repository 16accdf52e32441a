import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  ProgressBar,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { ForecastChart } from "../components/inventory/ForecastChart";
import { CLASS_LABELS, METHOD_LABELS, NOTE_LABELS, STATE_LABELS, WARNING_LABELS } from "../components/inventory/labels";
import { PurchaseOrderCard } from "../components/inventory/PurchaseOrderCard";
import { formatPercent, timeAgo } from "../components/format";
import { StatCard } from "../components/StatCard";
import { TableCard } from "../components/TableCard";
import { useRefreshWhile } from "../components/useRefreshWhile";
import { authenticateAdmin } from "../services/admin-auth.server";
import {
  inventoryPage,
  markPurchaseOrderOrdered,
  purchaseOrderFromForm,
  requestForecast,
  saveReplenishmentSettings,
  saveVariantOverride,
} from "../services/forecast/inventory-page.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const selected = new URL(request.url).searchParams.get("variant");
  return json({ ...(await inventoryPage(shop, selected && /^\d{1,20}$/.test(selected) ? selected : null)), money: shop.moneyFormat });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "forecast") {
    await requestForecast(shop.id);
    return json({ ok: true as const, message: "Forecasting started." });
  }
  if (intent === "settings") {
    const result = await saveReplenishmentSettings(shop, Object.fromEntries(form));
    return json(result.ok ? { ok: true as const, message: "Settings saved; they apply from the next forecast." } : result, { status: result.ok ? 200 : 400 });
  }
  if (intent === "override") {
    const result = await saveVariantOverride(shop.id, Object.fromEntries(form));
    return json(result.ok ? { ok: true as const, message: "Saved for this variant; it applies from the next forecast." } : result, {
      status: result.ok ? 200 : 400,
    });
  }
  if (intent === "order") {
    const parsed = purchaseOrderFromForm(form);
    if (!parsed.success) return json({ ok: false as const, errors: { order: parsed.error.issues.map((i) => i.message).join("; ") } }, { status: 400 });
    const result = await markPurchaseOrderOrdered(shop.id, parsed.data);
    return json(
      result.ok
        ? { ok: true as const, message: `Order to ${parsed.data.vendor} marked as ordered: its quantities now count as incoming.` }
        : { ok: false as const, errors: { order: result.error } },
      { status: result.ok ? 200 : 400 },
    );
  }
  return json({ ok: false as const, errors: { intent: "Unknown action." } }, { status: 400 });
};

function NumberField({ label, name, initial, helpText, error }: { label: string; name: string; initial: string; helpText?: string; error?: string }) {
  const [value, setValue] = useState(initial);
  return <TextField label={label} name={name} type="number" value={value} onChange={setValue} autoComplete="off" helpText={helpText} error={error} />;
}

const money = (n: number | null | undefined) => (n === null || n === undefined ? "–" : n.toFixed(2));

export default function Inventory() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const running = data.run?.status === "running";
  useRefreshWhile(running);
  const errors = result && !result.ok ? (result.errors as Record<string, string>) : {};
  const s = data.settings;
  const [vendorText, setVendorText] = useState(
    Object.entries(s.vendorLeadTimes)
      .map(([v, d]) => `${v}: ${d}`)
      .join("\n"),
  );
  const chosen = data.chosen;
  return (
    <Page
      title="Inventory"
      subtitle="What will sell out before a delivery could arrive, what does not move, and what to order."
      primaryAction={
        <Form method="post">
          <input type="hidden" name="intent" value="forecast" />
          <Button submit variant="primary" loading={nav.state === "submitting" && nav.formData?.get("intent") === "forecast"}>
            Forecast now
          </Button>
        </Form>
      }
    >
      <BlockStack gap="500">
        {result && "message" in result ? <Banner tone="success">{result.message}</Banner> : null}
        {Object.keys(errors).length ? (
          <Banner tone="critical">
            {Object.values(errors).map((e) => (
              <p key={e}>{e}</p>
            ))}
          </Banner>
        ) : null}
        {running && data.run ? (
          <Card>
            <BlockStack gap="200">
              <Text as="p">
                Forecasting {data.run.done} of {data.run.variants} variants…
              </Text>
              <ProgressBar progress={data.run.variants ? (100 * data.run.done) / data.run.variants : 0} size="small" />
            </BlockStack>
          </Card>
        ) : null}
        <InlineGrid columns={{ xs: 1, md: 4 }} gap="400">
          <StatCard label="At risk of selling out" value={String(data.atRisk.length)} hint="before a delivery ordered today arrives" />
          <StatCard label="Revenue at risk" value={money(data.atRisk.reduce((t, v) => t + v.revenueAtRisk, 0))} />
          <StatCard
            label="Dead stock at cost"
            value={money(data.deadStock.reduce((t, v) => t + (v.plan.deadStockValue ?? 0), 0))}
            hint={`no sale in ${s.deadStockDays} days`}
          />
          <StatCard
            label="Last forecast"
            value={timeAgo(data.run?.finishedAt ?? null)}
            hint={data.run?.status === "failed" ? `failed: ${data.run.error}` : undefined}
          />
        </InlineGrid>
        <Layout>
          <Layout.Section>
            <TableCard
              title="Will run out before the next delivery"
              description="Sorted by revenue at risk: expected sales lost before stock ordered today could arrive."
            >
              {data.atRisk.length ? (
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                  headings={["Variant", "Available", "Days of cover", "Lead time", "Revenue at risk", "Suggested order"]}
                  rows={data.atRisk.map((v) => [
                    <Link key={v.variantShopifyId} to={`?variant=${v.variantShopifyId}`} data-testid="at-risk-variant">
                      {v.title}
                    </Link>,
                    String(v.plan.available ?? "–"),
                    v.plan.daysOfCover === null ? "–" : v.plan.daysOfCover.toFixed(1),
                    `${v.plan.leadTimeDays} d`,
                    money(v.revenueAtRisk),
                    String(v.suggestedQuantity),
                  ])}
                />
              ) : (
                <div style={{ padding: 16 }}>
                  <Text as="p" tone="subdued">
                    {data.run ? "Nothing is expected to sell out before its next delivery." : "No forecast yet: press Forecast now."}
                  </Text>
                </div>
              )}
            </TableCard>
          </Layout.Section>
          {chosen ? (
            <Layout.Section>
              <Card>
                <BlockStack gap="300">
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      {chosen.title}
                    </Text>
                    <InlineStack gap="200">
                      <Badge>{METHOD_LABELS[chosen.method] ?? chosen.method}</Badge>
                      <Badge tone="info">{`${CLASS_LABELS[chosen.demandClass] ?? chosen.demandClass} demand`}</Badge>
                    </InlineStack>
                  </InlineStack>
                  <Text as="p" tone="subdued">
                    Chosen by backtest for this kind of demand: its 28-day forecasts were off by {formatPercent(chosen.backtestWape)} (WAPE) on this shop's own
                    history.
                  </Text>
                  <ForecastChart title={`Sales and forecast of ${chosen.title}`} {...chosen.series} />
                  {[
                    STATE_LABELS[chosen.plan.state],
                    ...chosen.plan.warnings.map((w) => WARNING_LABELS[w] ?? w),
                    ...chosen.series.notes.map((n) => NOTE_LABELS[n] ?? n),
                  ]
                    .filter(Boolean)
                    .map((t) => (
                      <Text key={t} as="p" variant="bodySm">
                        {t}
                      </Text>
                    ))}
                  <Text as="p" variant="bodySm">
                    Reorder point {chosen.plan.reorderPoint.toFixed(0)} · order up to {chosen.plan.orderUpTo.toFixed(0)} (safety stock{" "}
                    {chosen.plan.safetyStock.toFixed(0)}) ·{" "}
                    {chosen.plan.stockOutInDays === null
                      ? "no stock-out expected in 8 weeks"
                      : chosen.plan.stockOutInDays === 0
                        ? "stock-out expected today"
                        : `stock-out expected in ${chosen.plan.stockOutInDays} days`}
                  </Text>
                  <Form method="post">
                    <input type="hidden" name="intent" value="override" />
                    <input type="hidden" name="variant" value={chosen.variantShopifyId} />
                    <InlineStack gap="300" blockAlign="end">
                      <NumberField
                        label="Lead time for this variant (days)"
                        name="leadTimeDays"
                        initial=""
                        helpText={`Empty: ${chosen.plan.leadTimeDays} days (vendor or default)`}
                        error={errors.leadTimeDays}
                      />
                      <NumberField label="Minimum order" name="minOrderQuantity" initial="1" error={errors.minOrderQuantity} />
                      <NumberField label="Pack size" name="packSize" initial="1" error={errors.packSize} />
                      <Button submit>Save for this variant</Button>
                    </InlineStack>
                  </Form>
                </BlockStack>
              </Card>
            </Layout.Section>
          ) : null}
          <Layout.Section>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Purchase-order suggestions
              </Text>
              {data.purchaseOrders.length ? (
                data.purchaseOrders.map((po) => (
                  <PurchaseOrderCard
                    key={po.vendor}
                    vendor={po.vendor}
                    lines={po.lines}
                    busy={nav.state === "submitting" && nav.formData?.get("vendor") === po.vendor}
                  />
                ))
              ) : (
                <Text as="p" tone="subdued">
                  Nothing to order now.
                </Text>
              )}
              {data.ordered.length ? (
                <Text as="p" variant="bodySm" tone="subdued">
                  On order: {data.ordered.map((o) => `${o.vendor} (${o.lines.reduce((t, l) => t + l.quantity, 0)} units)`).join(", ")}
                </Text>
              ) : null}
            </BlockStack>
          </Layout.Section>
          <Layout.Section>
            <TableCard title="Dead stock" description={`In stock, no sale in ${s.deadStockDays} days; valued at cost.`}>
              {data.deadStock.length ? (
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric"]}
                  headings={["Variant", "Available", "Value at cost"]}
                  rows={data.deadStock.map((v) => [v.title, String(v.plan.available ?? "–"), money(v.plan.deadStockValue)])}
                />
              ) : (
                <div style={{ padding: 16 }}>
                  <Text as="p" tone="subdued">
                    No dead stock.
                  </Text>
                </div>
              )}
            </TableCard>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <Form method="post">
                <input type="hidden" name="intent" value="settings" />
                <FormLayout>
                  <Text as="h2" variant="headingMd">
                    Replenishment settings
                  </Text>
                  <FormLayout.Group>
                    <NumberField
                      label="Service level (%)"
                      name="serviceLevel"
                      initial={String(Math.round(s.serviceLevel * 1000) / 10)}
                      helpText="Chance of not selling out before the next delivery."
                      error={errors.serviceLevel}
                    />
                    <NumberField
                      label="Review period (days)"
                      name="reviewPeriodDays"
                      initial={String(s.reviewPeriodDays)}
                      helpText="How often you place orders."
                      error={errors.reviewPeriodDays}
                    />
                  </FormLayout.Group>
                  <FormLayout.Group>
                    <NumberField
                      label="Default lead time (days)"
                      name="defaultLeadTimeDays"
                      initial={String(s.defaultLeadTimeDays)}
                      error={errors.defaultLeadTimeDays}
                    />
                    <NumberField
                      label="Dead stock after (days without a sale)"
                      name="deadStockDays"
                      initial={String(s.deadStockDays)}
                      error={errors.deadStockDays}
                    />
                  </FormLayout.Group>
                  <TextField
                    label="Lead time per vendor"
                    name="vendorLeadTimes"
                    multiline={3}
                    value={vendorText}
                    onChange={setVendorText}
                    autoComplete="off"
                    helpText='One vendor per line, e.g. "Acme: 21".'
                    error={errors.vendorLeadTimes}
                  />
                  <Button submit>Save settings</Button>
                </FormLayout>
              </Form>
            </Card>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}
