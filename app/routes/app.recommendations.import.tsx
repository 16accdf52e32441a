import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useRefreshWhile } from "../components/useRefreshWhile";
import { useState } from "react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  DropZone,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Select,
  Spinner,
  Text,
} from "@shopify/polaris";
import { RecommendationsTabs } from "../components/RecommendationsTabs";
import { StatCard } from "../components/StatCard";
import { formatDuration, formatNumber } from "../components/format";
import { useTimeAgo } from "../components/time";
import { importBadge } from "../components/import-status";
import { TableCard } from "../components/TableCard";
import { fieldErrors, RequestError } from "../lib/errors.server";
import { logger } from "../lib/logger.server";
import { parseUpload } from "../lib/uploads.server";
import { authenticateAdmin } from "../services/admin-auth.server";
import {
  beginOrderImport,
  HEADER_SAMPLE_BYTES,
  importFormSchema,
  listRecentImports,
  MAPPING_FIELDS,
  MAX_UPLOAD_BYTES,
  previewOrderFile,
  type MappingKey,
  type OrderImportReport,
} from "../services/recommendations/import-orders.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  return json({ imports: await listRecentImports(shop.id, 5), fields: MAPPING_FIELDS, maxBytes: MAX_UPLOAD_BYTES, sampleBytes: HEADER_SAMPLE_BYTES });
};

// How long a request waits for its import; a longer one carries on, and the
// page follows it through the OrderImport row.
const WAIT_FOR_IMPORT_MS = 15_000;
const MB = 1024 * 1024;
const TOO_LARGE = `The file is larger than ${MAX_UPLOAD_BYTES / MB} MB. Compress it (.csv.gz) or split it into several files.`;

type ActionResult =
  | { intent: "header"; ok: true; header: string[]; mapping: Record<MappingKey, string> }
  | { intent: "import"; ok: true; importId: string; report: OrderImportReport | null }
  | { intent: "header" | "import" | "unknown"; ok: false; error: string; errors?: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  if (Number(request.headers.get("content-length") || 0) > MAX_UPLOAD_BYTES + MB)
    return json<ActionResult>({ intent: "import", ok: false, error: TOO_LARGE }, { status: 413 });
  let upload: Awaited<ReturnType<typeof parseUpload>>;
  try {
    upload = await parseUpload(request, { fileField: "file", maxFileBytes: MAX_UPLOAD_BYTES, maxFieldBytes: HEADER_SAMPLE_BYTES + 1024, tooLarge: TOO_LARGE });
  } catch (error) {
    if (error instanceof RequestError) return json<ActionResult>({ intent: "import", ok: false, error: error.message }, { status: error.status });
    throw error;
  }
  const { form, file, fileName } = upload;
  const intent = form.get("intent");

  if (intent === "header") {
    const sample = form.get("sample");
    if (!(sample instanceof Blob)) return json<ActionResult>({ intent, ok: false, error: "Choose a file first." }, { status: 400 });
    const preview = previewOrderFile(new Uint8Array(await sample.arrayBuffer()));
    return json<ActionResult>({ intent, ...preview }, { status: preview.ok ? 200 : 400 });
  }
  if (intent !== "import") {
    await file?.remove().catch(() => {});
    return json<ActionResult>({ intent: "unknown", ok: false, error: "Unknown action" }, { status: 400 });
  }
  if (!file) return json<ActionResult>({ intent, ok: false, error: "Choose a CSV file to import." }, { status: 400 });
  const parsed = importFormSchema.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")));
  if (!parsed.success) {
    await file.remove().catch(() => {});
    const errors = fieldErrors(parsed.error.issues);
    return json<ActionResult>({ intent, ok: false, error: "Choose a column for every required field.", errors }, { status: 400 });
  }

  const { dateOrder, ...mapping } = parsed.data;
  const started = await beginOrderImport(shop, { fileName: fileName ?? "orders.csv", path: file.getFilePath(), mapping, dayFirst: dateOrder });
  const done = started.done.finally(() => file.remove().catch(() => {}));
  // The import records its own failures; this only catches the database being unreachable at the end.
  done.catch((err: unknown) => logger.error({ err, shopId: shop.id, orderImportId: started.importId }, "order import did not finish"));
  const report = await Promise.race([done, new Promise<null>((resolve) => setTimeout(() => resolve(null), WAIT_FOR_IMPORT_MS))]);
  return json<ActionResult>({ intent, ok: true, importId: started.importId, report });
};

/** "Line 6: date …" -> "Date …": the table has a column for the line. */
const withoutLineNumber = (reason: string) => {
  const text = reason.replace(/^Line \d+: /, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
};

const ACCEPTED = /\.(csv|tsv|txt)(\.gz)?$|\.gz$/i;
const formatBytes = (n: number) => (n >= MB ? `${Number((n / MB).toFixed(1))} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

export default function ImportOrders() {
  const timeAgo = useTimeAgo();
  const { imports, fields, maxBytes, sampleBytes } = useLoaderData<typeof loader>();
  const headerFetcher = useFetcher<typeof action>();
  const importFetcher = useFetcher<typeof action>();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [header, setHeader] = useState<string[] | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [dateOrder, setDateOrder] = useState("auto");

  const running = imports.some((i) => i.status === "running");
  useRefreshWhile(running);

  // The header arrives: offer its columns, preselecting the likely ones. Set
  // while rendering, once per answer, as React advises for state that follows
  // another value (https://react.dev/learn/you-might-not-need-an-effect#adjusting-some-state-when-a-prop-changes).
  const headerResult = headerFetcher.data;
  const [seenHeaderResult, setSeenHeaderResult] = useState(headerResult);
  if (headerResult !== seenHeaderResult) {
    setSeenHeaderResult(headerResult);
    if (headerResult?.intent === "header") {
      if (headerResult.ok) {
        setHeader(headerResult.header);
        setMapping(headerResult.mapping);
        setFileError(null);
      } else {
        setHeader(null);
        setFileError(headerResult.error);
      }
    }
  }

  const chooseFile = (chosen: File | undefined) => {
    setHeader(null);
    if (!chosen) return;
    if (!ACCEPTED.test(chosen.name)) {
      setFile(null);
      setFileError(`“${chosen.name}” is not a CSV file. Export the orders as .csv (or .csv.gz).`);
      return;
    }
    if (chosen.size > maxBytes) {
      setFile(null);
      setFileError(`“${chosen.name}” is ${formatBytes(chosen.size)}; files up to ${formatBytes(maxBytes)} can be imported. Compress it (.csv.gz) or split it.`);
      return;
    }
    setFile(chosen);
    setFileError(null);
    const data = new FormData();
    data.append("intent", "header");
    data.append("sample", chosen.slice(0, sampleBytes), "sample");
    headerFetcher.submit(data, { method: "post", encType: "multipart/form-data" });
  };

  const startImport = () => {
    if (!file) return;
    const data = new FormData();
    data.append("intent", "import");
    for (const f of fields) data.append(f.key, mapping[f.key] ?? "");
    data.append("dateOrder", dateOrder);
    // The file goes last, after the fields that say how to read it.
    data.append("file", file, file.name);
    importFetcher.submit(data, { method: "post", encType: "multipart/form-data" });
  };

  const importing = importFetcher.state !== "idle";
  const result = importFetcher.data?.intent === "import" ? importFetcher.data : null;
  const fieldErrors = result && !result.ok ? (result.errors ?? {}) : {};
  const missingRequired = fields.some((f) => f.required && !mapping[f.key]);
  const latest = imports[0] ?? null;
  const extras = result?.ok && result.report && latest && result.report.importId === latest.id ? result.report : null;

  // A new import replaces the form's file: staff start over from the drop zone.
  const [seenResult, setSeenResult] = useState(result);
  if (result !== seenResult) {
    setSeenResult(result);
    if (result?.ok) {
      setFile(null);
      setHeader(null);
    }
  }

  return (
    <Page title="Recommendations">
      <BlockStack gap="500">
        <RecommendationsTabs />
        {result && !result.ok ? (
          <Banner tone="critical" title="The file was not imported">
            <p>{result.error}</p>
          </Banner>
        ) : null}
        <Layout>
          <Layout.AnnotatedSection
            title="Import past orders"
            description="Orders from before your store used Shopify teach Aisle what goes together from day one. Orders already in Shopify are imported automatically: leave them out of the file."
          >
            <Card>
              <BlockStack gap="400">
                <DropZone
                  label="Orders file"
                  accept=".csv,.tsv,.txt,.gz,text/csv,text/plain,application/gzip"
                  type="file"
                  allowMultiple={false}
                  onDrop={(_all, accepted, rejected) => chooseFile(accepted[0] ?? rejected[0])}
                  error={Boolean(fileError)}
                  disabled={importing}
                  variableHeight={Boolean(file)}
                >
                  {file ? (
                    <Box padding="400">
                      <BlockStack gap="100" inlineAlign="center">
                        <Text as="p" fontWeight="semibold">
                          {file.name}
                        </Text>
                        <Text as="p" variant="bodySm" tone="subdued">
                          {`${formatBytes(file.size)} · drop another file to replace it`}
                        </Text>
                      </BlockStack>
                    </Box>
                  ) : (
                    <DropZone.FileUpload actionTitle="Add file" actionHint={`One line per order line. .csv or .csv.gz, up to ${formatBytes(maxBytes)}.`} />
                  )}
                </DropZone>
                {fileError ? (
                  <Banner tone="critical">
                    <p>{fileError}</p>
                  </Banner>
                ) : null}
                {headerFetcher.state !== "idle" ? (
                  <InlineStack gap="200" blockAlign="center">
                    <Spinner size="small" accessibilityLabel="Reading the file's columns" />
                    <Text as="span" tone="subdued">
                      Reading the file&apos;s columns…
                    </Text>
                  </InlineStack>
                ) : null}
                {file && header ? (
                  <BlockStack gap="300">
                    <BlockStack gap="100">
                      <Text as="h3" variant="headingSm">
                        Match the columns
                      </Text>
                      <Text as="p" variant="bodySm" tone="subdued">
                        {`The file has ${header.length} columns. Products are matched to your catalog by SKU.`}
                      </Text>
                    </BlockStack>
                    <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
                      {fields.map((f) => (
                        <Select
                          key={f.key}
                          label={f.required ? f.label : `${f.label} (optional)`}
                          options={[
                            { label: f.required ? "Choose a column" : "Not in this file", value: "" },
                            ...header.filter(Boolean).map((h) => ({ label: h, value: h })),
                          ]}
                          value={mapping[f.key] ?? ""}
                          onChange={(v) => setMapping((m) => ({ ...m, [f.key]: v }))}
                          helpText={f.helpText}
                          error={fieldErrors[f.key]}
                        />
                      ))}
                    </InlineGrid>
                    <Select
                      label="How dates are written"
                      options={[
                        { label: "As the file shows (recommended)", value: "auto" },
                        { label: "Month first (12/31/2011)", value: "month_first" },
                        { label: "Day first (31/12/2011)", value: "day_first" },
                      ]}
                      value={dateOrder}
                      onChange={setDateOrder}
                      helpText="The file's first date that reads only one way (such as 31/12/2011) decides how 01/12/2011 is read; a file with no such date is read month first."
                    />
                    <InlineStack align="end">
                      <Button variant="primary" onClick={startImport} loading={importing} disabled={missingRequired}>
                        Import orders
                      </Button>
                    </InlineStack>
                  </BlockStack>
                ) : null}
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>
        </Layout>

        {latest ? <ImportReport latest={latest} extras={extras} /> : null}

        {imports.length > 1 ? (
          <TableCard title="Earlier imports">
            <DataTable
              columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "text"]}
              headings={["File", "Status", "Lines", "Orders", "Rejected", "When"]}
              rows={imports.slice(1).map((i) => {
                const badge = importBadge({ status: i.status, imported: i.importedLines, rejected: i.rejectedLines });
                return [
                  i.fileName,
                  <Badge key={i.id} tone={badge.tone}>
                    {badge.label}
                  </Badge>,
                  formatNumber(i.importedLines),
                  formatNumber(i.orders),
                  formatNumber(i.rejectedLines),
                  timeAgo(i.createdAt),
                ];
              })}
            />
          </TableCard>
        ) : null}
      </BlockStack>
    </Page>
  );
}

type ImportRow = ReturnType<typeof useLoaderData<typeof loader>>["imports"][number];

function ImportReport({
  latest,
  extras,
}: {
  latest: ImportRow;
  extras: Pick<OrderImportReport, "skippedLines" | "unmatchedLines" | "unmatchedExamples"> | null;
}) {
  const timeAgo = useTimeAgo();
  const badge = importBadge({ status: latest.status, imported: latest.importedLines, rejected: latest.rejectedLines });
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <BlockStack gap="050">
            <Text as="h2" variant="headingMd">
              {latest.status === "running" ? `Importing ${latest.fileName}` : `Last import: ${latest.fileName}`}
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">
              {`Started ${timeAgo(latest.createdAt)}${latest.finishedAt ? `, took ${formatDuration(new Date(latest.finishedAt).getTime() - new Date(latest.createdAt).getTime())}` : ""}`}
            </Text>
          </BlockStack>
          <Badge tone={badge.tone}>{badge.label}</Badge>
        </InlineStack>
        {latest.status === "running" ? (
          <InlineStack gap="200" blockAlign="center">
            <Spinner size="small" accessibilityLabel="Importing" />
            <Text as="p" tone="subdued">
              {`${formatNumber(latest.importedLines)} lines in ${formatNumber(latest.orders)} orders so far. Large files take a few minutes; you can leave this page.`}
            </Text>
          </InlineStack>
        ) : null}
        {latest.status === "failed" && latest.error ? (
          <Banner tone="critical" title="The import stopped">
            <p>{latest.error}</p>
          </Banner>
        ) : null}
        {latest.status === "succeeded" ? (
          // Skipped lines are known only to the request that ran the import (the OrderImport row has no column for them).
          <InlineGrid columns={{ xs: 1, sm: extras ? 2 : 3, md: extras ? 4 : 3 }} gap="300">
            <StatCard label="Lines imported" value={formatNumber(latest.importedLines)} />
            <StatCard label="Orders" value={formatNumber(latest.orders)} />
            <StatCard label="Rejected lines" value={formatNumber(latest.rejectedLines)} hint={latest.rejectedLines ? "listed below" : "none"} />
            {extras ? <StatCard label="Skipped lines" value={formatNumber(extras.skippedLines)} hint="cancellations and returns" /> : null}
          </InlineGrid>
        ) : null}
        {extras && extras.unmatchedLines ? (
          <Banner
            tone="info"
            title={
              extras.unmatchedLines === 1
                ? "1 line names a SKU none of your products has"
                : `${formatNumber(extras.unmatchedLines)} lines name a SKU none of your products has`
            }
          >
            <p>{`${extras.unmatchedLines === 1 ? "It was" : "They were"} kept, and count as soon as a product has that SKU. ${extras.unmatchedExamples.length === 1 ? "SKU" : "For example"}: ${extras.unmatchedExamples.join(", ")}.`}</p>
          </Banner>
        ) : null}
        {latest.rejections.length ? (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {latest.rejectedLines > latest.rejections.length
                ? `First ${latest.rejections.length} of ${formatNumber(latest.rejectedLines)} rejected lines`
                : "Rejected lines"}
            </Text>
            <DataTable
              columnContentTypes={["numeric", "text"]}
              headings={["Line", "Reason"]}
              rows={latest.rejections.map((r) => [String(r.line), withoutLineNumber(r.reason)])}
            />
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}
