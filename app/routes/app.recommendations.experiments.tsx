import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useState } from "react";
import { Badge, Banner, BlockStack, Box, Button, Card, DataTable, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { z } from "zod";
import { RecommendationsTabs } from "../components/RecommendationsTabs";
import { formatNumber, formatPercent } from "../components/format";
import { useTimeAgo } from "../components/time";
import { TableCard } from "../components/TableCard";
import { RequestError } from "../lib/errors.server";
import { authenticateAdmin } from "../services/admin-auth.server";
import { endExperiment, getExperimentsPage, startExperiment } from "../services/recommendations/experiments.server";
import { ATTRIBUTION_WINDOW_DAYS, STRATEGY_LABELS, STRATEGY_NAMES, strategyLabel } from "../services/recommendations/labels";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  return json(await getExperimentsPage(shop.id));
};

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create") }).passthrough(),
  z.object({ intent: z.enum(["stop", "keep"]), id: z.string().min(1) }),
]);

type ActionResult =
  | { intent: "create"; ok: true }
  | { intent: "create"; ok: false; errors: Record<string, string> }
  | { intent: "stop" | "keep"; ok: true; winner: string | null; strategy: string | null }
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

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type Results = NonNullable<PageData["running"]>["results"];

export default function Experiments() {
  const timeAgo = useTimeAgo();
  const { running, past } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyIntent = navigation.state !== "idle" ? navigation.formData?.get("intent") : null;

  return (
    <Page title="Recommendations">
      <BlockStack gap="500">
        <RecommendationsTabs />
        {result && !result.ok && "error" in result ? (
          <Banner tone="critical" title="That did not work">
            <p>{result.error}</p>
          </Banner>
        ) : null}
        {result?.ok && result.intent === "create" ? <Banner tone="success" title="Test started. Shoppers are now split between A and B." /> : null}
        {result?.ok && result.intent !== "create" ? (
          <Banner tone="success" title={result.winner ? `Test stopped: ${result.winner} won` : "Test stopped"}>
            {result.winner && result.strategy ? (
              <p>
                {`Recommendations blocks set to “Automatic” now show “${strategyLabel(result.strategy)}” to every shopper. A new test puts it to the test again.`}
              </p>
            ) : (
              <p>Every shopper now sees the strategy your theme&apos;s Recommendations block is set to.</p>
            )}
          </Banner>
        ) : null}

        {running ? <RunningTest test={running} busyIntent={busyIntent} /> : null}

        <Layout>
          <Layout.AnnotatedSection
            title="Start a test"
            description={`Visitors are split at random and stay in their arm. An order counts for an arm when a signed-in customer clicked or added one of its products from that arm in the ${ATTRIBUTION_WINDOW_DAYS} days before.`}
          >
            <NewTestForm
              errors={result && !result.ok && "errors" in result ? result.errors : {}}
              busy={busyIntent === "create"}
              replacing={running?.name ?? null}
              key={result?.ok && result.intent === "create" ? "reset" : "form"}
            />
          </Layout.AnnotatedSection>
        </Layout>

        <TableCard title="Past tests">
          {past.length ? (
            <DataTable
              columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "text"]}
              headings={["Test", "A vs B", "Share on B", "CTR A / B", "Orders A / B", "Result"]}
              rows={past.map((e) => [
                <BlockStack key={e.id} gap="050">
                  <Text as="span" fontWeight="semibold">
                    {e.name}
                  </Text>
                  <Text as="span" variant="bodySm" tone="subdued">
                    {`Stopped ${timeAgo(e.endedAt)}`}
                  </Text>
                </BlockStack>,
                `${strategyLabel(e.strategyA)} vs ${strategyLabel(e.strategyB)}`,
                `${e.splitB}%`,
                `${formatPercent(e.results.arms[0].ctr, 2)} / ${formatPercent(e.results.arms[1].ctr, 2)}`,
                `${formatNumber(e.results.arms[0].attributedOrders)} / ${formatNumber(e.results.arms[1].attributedOrders)}`,
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

function RunningTest({ test, busyIntent }: { test: NonNullable<PageData["running"]>; busyIntent: FormDataEntryValue | null | undefined }) {
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
                {test.name}
              </Text>
              <Badge tone="info">Running</Badge>
            </InlineStack>
            <Text as="p" variant="bodySm" tone="subdued">
              {`Started ${timeAgo(test.startedAt)} · ${100 - test.splitB}% of visitors see A, ${test.splitB}% see B`}
            </Text>
          </BlockStack>
          <InlineStack gap="200">
            <Button onClick={() => submit({ intent: "stop", id: test.id }, { method: "post" })} loading={busyIntent === "stop"} disabled={Boolean(busyIntent)}>
              Stop test
            </Button>
            <Button
              variant="primary"
              onClick={() => submit({ intent: "keep", id: test.id }, { method: "post" })}
              disabled={!verdict.winner || Boolean(busyIntent)}
              loading={busyIntent === "keep"}
            >
              {verdict.winner ? `Stop and keep ${verdict.winner}` : "Stop and keep the winner"}
            </Button>
          </InlineStack>
        </InlineStack>
        <ResultsTable results={results} />
        <Banner tone={verdict.winner ? "success" : "info"} title={verdict.reason}>
          <p>{verdictDetail(results)}</p>
        </Banner>
      </BlockStack>
    </Card>
  );
}

function verdictDetail({ arms, test }: Results) {
  const [a, b] = arms;
  const change = test.lift === null ? "" : ` (${test.lift >= 0 ? "+" : "−"}${Math.abs(test.lift * 100).toFixed(1)}% for B)`;
  return `Click-through rate: A ${formatPercent(a.ctr, 2)}, B ${formatPercent(b.ctr, 2)}${change}. Two-proportion z-test on clicks per impression, z = ${test.z.toFixed(2)}, p = ${test.pValue < 0.0001 ? "< 0.0001" : test.pValue.toFixed(4)}.`;
}

function ResultsTable({ results }: { results: Results }) {
  return (
    <DataTable
      columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
      headings={["Arm", "Impressions", "Clicks", "CTR", "Add to carts", "Attributed orders"]}
      rows={results.arms.map((arm) => [
        <BlockStack key={arm.arm} gap="050">
          <Text as="span" fontWeight="semibold">
            {arm.arm}
          </Text>
          <Text as="span" variant="bodySm" tone="subdued">
            {strategyLabel(arm.strategy)}
          </Text>
        </BlockStack>,
        formatNumber(arm.impressions),
        formatNumber(arm.clicks),
        formatPercent(arm.ctr, 2),
        formatNumber(arm.addToCarts),
        formatNumber(arm.attributedOrders),
      ])}
    />
  );
}

function NewTestForm({ errors, busy, replacing }: { errors: Record<string, string>; busy: boolean; replacing: string | null }) {
  const [name, setName] = useState("");
  const [strategyA, setStrategyA] = useState<string>("auto");
  const [strategyB, setStrategyB] = useState<string>("personal");
  const [splitB, setSplitB] = useState("50");
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
          {replacing ? (
            <Banner tone="warning">
              <p>{`Starting a test stops “${replacing}”: only one test runs at a time.`}</p>
            </Banner>
          ) : null}
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
