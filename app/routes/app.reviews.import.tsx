import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, Layout, List, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { ReviewsTabs } from "../components/reviews/ReviewsTabs";
import { formatNumber, timeAgo } from "../components/format";
import { RequestError } from "../lib/errors.server";
import { parseUpload } from "../lib/uploads.server";
import { listReviewImports } from "../models/review-imports.server";
import { authenticateAdmin } from "../services/admin-auth.server";
import { FORMAT_LABELS, type ReviewCsvFormat } from "../services/reviews/import/review-csv";
import { importReviewCsv, MAX_REVIEW_CSV_BYTES, type ReviewImportReport } from "../services/reviews/import.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  return json({ imports: await listReviewImports(shop.id, 5), formats: FORMAT_LABELS });
};

const TOO_LARGE = `The file is larger than ${MAX_REVIEW_CSV_BYTES / 1024 / 1024} MB; split it into several files.`;

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  let upload: Awaited<ReturnType<typeof parseUpload>>;
  try {
    upload = await parseUpload(request, { fileField: "file", maxFileBytes: MAX_REVIEW_CSV_BYTES, maxFieldBytes: 1024, tooLarge: TOO_LARGE });
  } catch (error) {
    if (error instanceof RequestError)
      return json<{ report: ReviewImportReport | null; error: string }>({ report: null, error: error.message }, { status: error.status });
    throw error;
  }
  const { form, file, fileName } = upload;
  try {
    if (!file) return json({ report: null, error: "Choose a CSV file first." }, { status: 400 });
    const format = String(form.get("format") ?? "");
    const known = format in FORMAT_LABELS ? (format as ReviewCsvFormat) : undefined;
    const report = await importReviewCsv(shop.id, fileName ?? "reviews.csv", new Uint8Array(await file.arrayBuffer()), known);
    return json({ report, error: report.error }, { status: report.status === "failed" ? 400 : 200 });
  } finally {
    await file?.remove().catch(() => {});
  }
};

export default function ReviewImport() {
  const { imports, formats } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [format, setFormat] = useState("");
  const report = result?.report;
  return (
    <Page title="Reviews">
      <BlockStack gap="400">
        <ReviewsTabs />
        {result?.error ? (
          <Banner tone="critical" title="The file was not imported">
            {result.error}
          </Banner>
        ) : null}
        {report && report.status === "succeeded" ? (
          <Banner
            tone={report.skippedLines ? "warning" : "success"}
            title={`Imported ${formatNumber(report.importedLines)} reviews from ${formats[report.format!]}`}
          >
            <BlockStack gap="200">
              <Text as="p">
                {formatNumber(report.duplicateLines)} already held, {formatNumber(report.skippedLines)} lines skipped. The new reviews are being analysed.
              </Text>
              {report.skipped.length ? (
                <List>
                  {report.skipped.slice(0, 20).map((s) => (
                    <List.Item key={s.line}>
                      Line {s.line}: {s.reason}
                    </List.Item>
                  ))}
                </List>
              ) : null}
            </BlockStack>
          </Banner>
        ) : null}
        <Layout>
          <Layout.AnnotatedSection
            title="Import from another review app"
            description="Export your reviews as CSV from Judge.me, Yotpo, Okendo, Loox or Shopify Product Reviews and import the file here. Importing the same file twice adds nothing."
          >
            <Card>
              <Form method="post" encType="multipart/form-data">
                <BlockStack gap="300">
                  <Select
                    label="Exported from"
                    name="format"
                    options={[{ label: "Recognise from the columns", value: "" }, ...Object.entries(formats).map(([value, label]) => ({ label, value }))]}
                    value={format}
                    onChange={setFormat}
                  />
                  <label htmlFor="review-csv">
                    <Text as="span">CSV file</Text>
                  </label>
                  <input id="review-csv" type="file" name="file" accept=".csv,text/csv" required />
                  <Button submit variant="primary" loading={busy}>
                    Import reviews
                  </Button>
                </BlockStack>
              </Form>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Recent imports
                </Text>
                {imports.length ? (
                  <DataTable
                    columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "text"]}
                    headings={["File", "App", "Imported", "Already held", "Skipped", "When"]}
                    rows={imports.map((i) => [
                      i.fileName,
                      formats[i.format as ReviewCsvFormat] ?? i.format,
                      i.importedLines,
                      i.duplicateLines,
                      i.rejectedLines,
                      timeAgo(i.createdAt),
                    ])}
                  />
                ) : (
                  <Text as="p" tone="subdued">
                    No imports yet.
                  </Text>
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}
