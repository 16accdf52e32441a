import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { BlockStack, Box, Button, ButtonGroup, Card, DataTable, InlineGrid, InlineStack, Page, Text } from "@shopify/polaris";
import { LineChart } from "../components/LineChart";
import { RecommendationsTabs } from "../components/RecommendationsTabs";
import { StatCard } from "../components/StatCard";
import { TableCard } from "../components/TableCard";
import { formatNumber, formatPercent } from "../components/format";
import { formatMoney } from "../lib/money";
import { authenticateAdmin } from "../services/admin-auth.server";
import { getRevenuePage } from "../services/attribution/revenue-page.server";
import { REVENUE_PERIODS } from "../services/attribution/report";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const asked = Number(new URL(request.url).searchParams.get("days"));
  const days = (REVENUE_PERIODS as readonly number[]).includes(asked) ? asked : 30;
  return json(await getRevenuePage(shop, days));
};

const PAGE_TYPES: Record<string, string> = { product: "Product pages", cart: "Cart", home: "Home page", unknown: "Other (older clicks)" };
const BLOCKS: Record<string, string> = {
  recommendations: "Recommendations block",
  bundle: "Often bought together",
  cart: "Cart recommendations",
  unknown: "Other (older clicks)",
};

export default function RecommendationRevenue() {
  const data = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const money = (cents: number | null) => (cents === null ? "–" : formatMoney((cents / 100).toFixed(2), data.moneyFormat));
  const periodUrl = (days: number) => {
    const params = new URLSearchParams(search);
    params.set("days", String(days));
    return `/app/recommendations/revenue?${params}`;
  };
  const groupRows = (groups: typeof data.byPageType, names: Record<string, string>) =>
    groups.map((g) => [names[g.key] ?? g.key, money(g.revenueCents), formatNumber(g.orders), money(g.aovCents)]);
  const labels = data.daily.map((d) => d.date.slice(5));
  return (
    <Page title="Revenue from recommendations">
      <BlockStack gap="500">
        <RecommendationsTabs />
        <InlineStack align="space-between" blockAlign="center" gap="400" wrap={false}>
          <Text as="p" tone="subdued" variant="bodySm">
            {`An order line counts when the shopper clicked or added that product from an Aisle block in the ${data.windowDays} days before ordering (Settings). Every visitor counts, signed in or not.`}
          </Text>
          <ButtonGroup variant="segmented">
            {REVENUE_PERIODS.map((d) => (
              <Button key={d} url={periodUrl(d)} pressed={d === data.days}>
                {`${d} days`}
              </Button>
            ))}
          </ButtonGroup>
        </InlineStack>
        <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
          <StatCard label="Revenue from recommendations" value={money(data.totals.revenueCents)} hint={`last ${data.days} days`} />
          <StatCard label="Orders with a recommended product" value={formatNumber(data.totals.orders)} />
          <StatCard label="Average order value" value={money(data.totals.aovCents)} hint="recommended products' revenue per such order" />
          <StatCard
            label="Share of all revenue"
            value={formatPercent(data.totals.shareOfRevenue)}
            hint={data.totals.shareOfRevenue === null ? "no orders in this period" : "of every order's total in this period"}
          />
        </InlineGrid>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Over time
            </Text>
            {data.totals.orders ? (
              <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
                <LineChart
                  title="Revenue from recommendations by day"
                  description={`Revenue from recommended products per day over the last ${data.days} days; total ${money(data.totals.revenueCents)}.`}
                  xLabel="Day"
                  yLabel="Revenue"
                  categories={labels}
                  formatValue={(v) => money(Math.round(v))}
                  series={[{ key: "revenue", label: "Revenue", values: data.daily.map((d) => d.revenueCents), color: "#005BD3", marker: "circle" }]}
                />
                <LineChart
                  title="Orders with a recommended product by day"
                  description={`Orders with a recommended product per day over the last ${data.days} days; ${formatNumber(data.totals.orders)} in all.`}
                  xLabel="Day"
                  yLabel="Orders"
                  categories={labels}
                  formatValue={(v) => (Number.isInteger(v) ? formatNumber(v) : v.toFixed(1))}
                  series={[{ key: "orders", label: "Orders", values: data.daily.map((d) => d.orders), color: "#8051FF", marker: "square" }]}
                />
              </InlineGrid>
            ) : (
              <Box paddingBlock="400">
                <Text as="p" tone="subdued">
                  No order in this period contains a product its shopper clicked or added from a recommendation. Orders count once the &quot;Aisle
                  tracking&quot; app embed is on in the theme: it writes the visitor into the cart, and the order carries it here.
                </Text>
              </Box>
            )}
          </BlockStack>
        </Card>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <TableCard title="By page type">
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric"]}
              headings={["Page", "Revenue", "Orders", "Average order"]}
              rows={groupRows(data.byPageType, PAGE_TYPES)}
            />
          </TableCard>
          <TableCard title="By block">
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric"]}
              headings={["Block", "Revenue", "Orders", "Average order"]}
              rows={groupRows(data.byBlock, BLOCKS)}
            />
          </TableCard>
        </InlineGrid>
      </BlockStack>
    </Page>
  );
}
