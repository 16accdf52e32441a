import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useState } from "react";
import { Badge, Banner, BlockStack, Box, Button, Card, DataTable, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { z } from "zod";
import { RecommendationsTabs } from "../components/RecommendationsTabs";
import { formatNumber, formatPercent } from "../components/format";
import { formatMoney } from "../lib/money";
import { useTimeAgo } from "../components/time";
import { TableCard } from "../components/TableCard";
import { RequestError } from "../lib/errors.server";
import { authenticateAdmin } from "../services/admin-auth.server";
import { endExperiment, getExperimentsPage, startExperiment } from "../services/recommendations/experiments.server";
import {
  PAGE_TYPE_LABELS,
  PAGE_TYPES,
  STRATEGY_LABELS,
  STRATEGY_NAMES,
  strategyLabel,
  TEST_METRIC_LABELS,
  type TestPageType,
} from "../services/recommendations/labels";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  return json(await getExperimentsPage(shop));
};

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create") }).passthrough(),
  z.object({ intent: z.enum(["stop", "keep"]), id: z.string().min(1) }),
]);

type ActionResult =
  | { intent: "create"; ok: true }
  | { intent: "create"; ok: false; errors: Record<string, string> }
  | { intent: "stop" | "keep"; ok: true; winner: string | null; strategy: string | null; pageType: TestPageType }
  | { intent: "stop" | "keep" | "unknown"; ok: false; error: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = intentSchema.safeParse(form);
  if (!parsed.success) return json<ActionResult>({ intent: "unknown", ok: false, error: "Unknown action" }, { status: 400 });
  if (parsed.data.intent === "create") {
    const result = await startExperiment(shop.id, form);
    return json<ActionResult>(result.ok ? { intent: "create", ok: true } : { intent: "create", ok: false, errors: result.errors }, {
      status: result.ok ? 200 : 400,
    });
  }
  const { intent, id } = parsed.data;
  try {
    const ended = await endExperiment(shop.id, id, intent === "keep");
    return json<ActionResult>({ intent, ok: true, ...ended });
  } catch (error) {
    if (error instanceof RequestError) return json<ActionResult>({ intent, ok: false, error: error.message }, { status: error.status });
    throw error;
  }
};

const strategyOptions = STRATEGY_NAMES.map((value) => ({ value, label: STRATEGY_LABELS[value] }));
const pageTypeOptions = PAGE_TYPES.map((value) => ({ value, label: PAGE_TYPE_LABELS[value] }));
const metricOptions = (Object.keys(TEST_METRIC_LABELS) as (keyof typeof TEST_METRIC_LABELS)[]).map((value) => ({ value, label: TEST_METRIC_LABELS[value] }));
const metricLabel = (m: string) => TEST_METRIC_LABELS[m as keyof typeof TEST_METRIC_LABELS] ?? m;
const pageTypeLabel = (p: string) => PAGE_TYPE_LABELS[p as TestPageType] ?? p;

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type RunningTestData = NonNullable<PageData["pageTypes"][number]["test"]>;
type Results = RunningTestData["results"];

export default function Experiments() {
  const timeAgo = useTimeAgo();
  const { pageTypes, past, moneyFormat, windowDays, sampleRule } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyIntent = navigation.state !== "idle" ? navigation.formData?.get("intent") : null;
  const busyId = navigation.state !== "idle" ? navigation.formData?.get("id") : null;
  const money = (cents: number) => formatMoney((cents / 100).toFixed(2), moneyFormat);

  return (
    <Page title="Recommendations">
      <BlockStack gap="500">
        <RecommendationsTabs />
        {result && !result.ok && "error" in result ? (
          <Banner tone="critical" title="That did not work">
            <p>{result.error}</p>
          </Banner>
        ) : null}
        {result?.ok && result.intent === "create" ? (
          <Banner tone="success" title="Test started. Shoppers on that page type are now split between A and B." />
        ) : null}
        {result?.ok && result.intent !== "create" ? (
          <Banner tone="success" title={result.winner ? `Test stopped: ${result.winner} won` : "Test stopped"}>
            {result.winner && result.strategy ? (
              <p>
                {`Recommendations blocks set to “Automatic” on the ${pageTypeLabel(result.pageType).toLowerCase()} now show “${strategyLabel(result.strategy)}” to every shopper. Other page types are unchanged.`}
              </p>
            ) : (
              <p>{`Every shopper on the ${pageTypeLabel(result.pageType).toLowerCase()} now sees what the Recommendations block is set to.`}</p>
            )}
          </Banner>
        ) : null}

        {pageTypes.map(({ pageType, test }) =>
          test ? (
            <RunningTest key={pageType} test={test} money={money} busyIntent={busyId === test.id ? busyIntent : null} anyBusy={Boolean(busyIntent)} />
          ) : (
            <Card key={pageType}>
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {pageTypeLabel(pageType)}
                </Text>
                <Badge>No test running</Badge>
              </InlineStack>
            </Card>
          ),
        )}

        <Layout>
          <Layout.AnnotatedSection
            title="Start a test"
            description={`One test runs per page type. Visitors are split at random and stay in their arm. A visitor converts for an arm when an order of theirs contains a product they clicked or added from that arm's block in the ${windowDays} days before; revenue per visitor counts visitors who bought nothing as 0. A winner needs at least ${sampleRule.minVisitors} visitors in each arm, ${sampleRule.minSuccesses} clicks or buyers in all, and a difference in the chosen metric that chance explains less than ${Math.round(sampleRule.alpha * 100)}% of the time.`}
          >
            <NewTestForm
              errors={result && !result.ok && "errors" in result ? result.errors : {}}
              busy={busyIntent === "create"}
              busyPageTypes={Object.fromEntries(pageTypes.flatMap((p) => (p.test ? [[p.pageType, p.test.name]] : [])))}
              // A fresh form once a test starts or stops: its page type defaults to a free one.
              key={`${result?.ok && result.intent === "create" ? "reset" : "form"}:${pageTypes.flatMap((p) => (p.test ? [p.pageType] : [])).join(",")}`}
            />
          </Layout.AnnotatedSection>
        </Layout>

        <TableCard title="Past tests">
          {past.length ? (
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "text", "text"]}
              headings={["Test", "Page type", "A vs B", "Decided on", "Conversion A / B", "Result"]}
              rows={past.map((e) => [
                <BlockStack key={e.id} gap="050">
                  <Text as="span" fontWeight="semibold">
                    {e.name}
                  </Text>
                  <Text as="span" variant="bodySm" tone="subdued">
                    {`Stopped ${timeAgo(e.endedAt)}`}
                  </Text>
                </BlockStack>,
                pageTypeLabel(e.pageType),
                `${strategyLabel(e.strategyA)} vs ${strategyLabel(e.strategyB)}`,
                metricLabel(e.metric),
                `${formatPercent(e.results.arms[0].conversion, 2)} / ${formatPercent(e.results.arms[1].conversion, 2)}`,
                e.winner ? <Badge tone="success">{`${e.winner} kept`}</Badge> : <Badge>No winner kept</Badge>,
              ])}
            />
          ) : (
            <Box padding="400" paddingBlockStart="0">
              <Text as="p" tone="subdued">
                No test has finished yet.
              </Text>
            </Box>
          )}
        </TableCard>
      </BlockStack>
    </Page>
  );
}

function RunningTest({
  test,
  money,
  busyIntent,
  anyBusy,
}: {
  test: RunningTestData;
  money: (cents: number) => string;
  busyIntent: FormDataEntryValue | null | undefined;
  anyBusy: boolean;
}) {
  const timeAgo = useTimeAgo();
  const submit = useSubmit();
  const { results } = test;
  const { verdict } = results;
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="start" gap="400">
          <BlockStack gap="100">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                {`${pageTypeLabel(test.pageType)}: ${test.name}`}
              </Text>
              <Badge tone="info">Running</Badge>
            </InlineStack>
            <Text as="p" variant="bodySm" tone="subdued">
              {`Started ${timeAgo(test.startedAt)} · ${100 - test.splitB}% of visitors see A, ${test.splitB}% see B · decided on ${metricLabel(test.metric).toLowerCase()}`}
            </Text>
          </BlockStack>
          <InlineStack gap="200">
            <Button onClick={() => submit({ intent: "stop", id: test.id }, { method: "post" })} loading={busyIntent === "stop"} disabled={anyBusy}>
              Stop test
            </Button>
            <Button
              variant="primary"
              onClick={() => submit({ intent: "keep", id: test.id }, { method: "post" })}
              disabled={!verdict.winner || anyBusy}
              loading={busyIntent === "keep"}
            >
              {verdict.winner ? `Stop and keep ${verdict.winner}` : "Stop and keep the winner"}
            </Button>
          </InlineStack>
        </InlineStack>
        <ResultsTable results={results} money={money} />
        <DataTable
          columnContentTypes={["text", "text"]}
          headings={["Metric", "What the test says"]}
          rows={(["ctr", "conversion", "revenue"] as const).map((m) => [
            m === test.metric ? `${metricLabel(m)} (decides)` : metricLabel(m),
            `${results.metrics[m].words} (p = ${pValueText(results.metrics[m].comparison.pValue)})`,
          ])}
        />
        <Banner
          tone={verdict.winner ? "success" : "info"}
          title={verdict.winner ? `${verdict.winner} wins on ${metricLabel(test.metric).toLowerCase()}` : "No winner yet"}
        >
          <p>{verdict.reason}</p>
        </Banner>
      </BlockStack>
    </Card>
  );
}

const pValueText = (p: number) => (p < 0.0001 ? "< 0.0001" : p.toFixed(4));

function ResultsTable({ results, money }: { results: Results; money: (cents: number) => string }) {
  return (
    <DataTable
      columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
      headings={["Arm", "Visitors", "CTR", "Conversion", "Revenue / visitor", "Revenue"]}
      rows={results.arms.map((arm) => [
        <BlockStack key={arm.arm} gap="050">
          <Text as="span" fontWeight="semibold">
            {arm.arm}
          </Text>
          <Text as="span" variant="bodySm" tone="subdued">
            {strategyLabel(arm.strategy)}
          </Text>
        </BlockStack>,
        formatNumber(arm.visitors),
        `${formatPercent(arm.ctr, 2)} (${formatNumber(arm.clicks)} / ${formatNumber(arm.impressions)})`,
        `${formatPercent(arm.conversion, 2)} (${formatNumber(arm.convertingVisitors)})`,
        money(arm.revenuePerVisitorCents),
        money(arm.revenueCents),
      ])}
    />
  );
}

function NewTestForm({ errors, busy, busyPageTypes }: { errors: Record<string, string>; busy: boolean; busyPageTypes: Record<string, string> }) {
  const [name, setName] = useState("");
  const [pageType, setPageType] = useState<string>(PAGE_TYPES.find((p) => !busyPageTypes[p]) ?? "product");
  const [metric, setMetric] = useState<string>("conversion");
  const [strategyA, setStrategyA] = useState<string>("auto");
  const [strategyB, setStrategyB] = useState<string>("personal");
  const [splitB, setSplitB] = useState("50");
  const busyName = busyPageTypes[pageType];
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="create" />
        <FormLayout>
          <TextField
            label="Name"
            name="name"
            value={name}
            onChange={setName}
            autoComplete="off"
            placeholder="e.g. Personal picks on the home page"
            error={errors.name}
            maxLength={80}
          />
          <FormLayout.Group>
            <Select
              label="Page type"
              name="pageType"
              options={pageTypeOptions}
              value={pageType}
              onChange={setPageType}
              error={errors.pageType}
              helpText={busyName && !errors.pageType ? `“${busyName}” runs there; stop it first.` : undefined}
            />
            <Select label="Decide on" name="metric" options={metricOptions} value={metric} onChange={setMetric} error={errors.metric} />
          </FormLayout.Group>
          <FormLayout.Group>
            <Select label="Strategy A" name="strategyA" options={strategyOptions} value={strategyA} onChange={setStrategyA} error={errors.strategyA} />
            <Select label="Strategy B" name="strategyB" options={strategyOptions} value={strategyB} onChange={setStrategyB} error={errors.strategyB} />
          </FormLayout.Group>
          <TextField
            label="Share of visitors who see B"
            name="splitB"
            type="number"
            min={1}
            max={99}
            suffix="%"
            value={splitB}
            onChange={setSplitB}
            autoComplete="off"
            error={errors.splitB}
            helpText="Between 1% and 99%. 50% reaches a result fastest."
          />
          <InlineStack align="end">
            <Button submit variant="primary" loading={busy}>
              Start test
            </Button>
          </InlineStack>
        </FormLayout>
      </Form>
    </Card>
  );
}
