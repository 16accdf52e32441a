import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { BlockStack, DataTable, Layout, Page, Text } from "@shopify/polaris";
import { TableCard } from "../components/TableCard";
import { formatDateTime } from "../components/format";
import { authenticateAdmin } from "../services/admin-auth.server";
import { listCustomerDataRequests } from "../services/compliance/customer-requests.server";
import { readSettings } from "../services/settings.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  return json({ requests: await listCustomerDataRequests(shop.id), retentionDays: readSettings(shop.settings).privacy.webhookPayloadRetentionDays });
};

export default function PrivacyRequests() {
  const { requests, retentionDays } = useLoaderData<typeof loader>();
  // The embedded admin authenticates a plain link by the id_token in the page's query.
  const { search } = useLocation();
  const rows = requests.map((r) => [
    formatDateTime(r.createdAt),
    r.customerShopifyId || "—",
    r.requestId ?? "—",
    // A plain link, not a client-side navigation: the route answers with a file.
    <a key={r.id} href={`/app/privacy/${r.id}/download${search}`} download style={{ color: "var(--p-color-text-link)" }}>
      Download JSON
    </a>,
  ]);
  return (
    <Page title="Privacy requests" backAction={{ content: "Dashboard", url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <TableCard
              title="Customer data requests"
              description="When a customer asks the shop for their data, Shopify tells Aisle and Aisle prepares what it holds about them. Download it and send it to the customer with the rest of the shop's answer."
            >
              {rows.length ? (
                <DataTable columnContentTypes={["text", "text", "text", "text"]} headings={["Received", "Customer ID", "Request ID", "Export"]} rows={rows} />
              ) : (
                <BlockStack inlineAlign="center">
                  <Text as="p" tone="subdued">
                    No data requests yet.
                  </Text>
                </BlockStack>
              )}
            </TableCard>
            <Text as="p" variant="bodySm" tone="subdued">
              Erasure requests (customers/redact) are carried out as they arrive and leave nothing to show. Webhook contents are deleted after {retentionDays}{" "}
              days (Settings &gt; Privacy).
            </Text>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
