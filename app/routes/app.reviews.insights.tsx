import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Layout, List, Page, Select, Text } from "@shopify/polaris";
import { LineChart } from "../components/LineChart";
import { ReviewsTabs } from "../components/reviews/ReviewsTabs";
import { authenticateAdmin } from "../services/admin-auth.server";
import { reviewInsights } from "../services/reviews/insights.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const asked = new URL(request.url).searchParams.get("product");
  const product = asked && /^\d{1,20}$/.test(asked) ? asked : null;
  return json({ ...(await reviewInsights(shop.id, product)), selected: product ?? "" });
};

const percent = (v: number) => `${Math.round(v * 100)}%`;

function sentimentSeries(shares: { positive: (number | null)[]; negative: (number | null)[] }) {
  return [
    { key: "positive", label: "Positive", values: shares.positive, color: "#1f7a3a", marker: "circle" as const },
    { key: "negative", label: "Negative", values: shares.negative, color: "#b3261e", dash: "6 4", marker: "triangle" as const },
  ];
}

function AspectList({ title, items }: { title: string; items: { aspect: string; count: number; quotes: string[] }[] }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {items.length ? (
          <List>
            {items.map((a) => (
              <List.Item key={a.aspect}>
                <Text as="span" fontWeight="semibold">
                  {a.aspect} ({a.count})
                </Text>
                {a.quotes.map((q) => (
                  <Text key={q} as="p" tone="subdued" variant="bodySm">
                    “{q}”
                  </Text>
                ))}
              </List.Item>
            ))}
          </List>
        ) : (
          <Text as="p" tone="subdued">
            Nothing yet.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

export default function ReviewInsights() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  return (
    <Page title="Reviews">
      <BlockStack gap="400">
        <ReviewsTabs />
        <Layout>
          <Layout.Section>
            <Card>
              <Text as="h2" variant="headingMd">
                Sentiment over time, whole shop
              </Text>
              <LineChart
                title="Sentiment over time, whole shop"
                description={`Share of positive and negative reviews per month (${data.total} analysed reviews in the last 12 months).`}
                xLabel="Month"
                yLabel="Share of reviews"
                categories={data.categories}
                series={sentimentSeries(data.shop)}
                formatValue={percent}
              />
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Select
                  label="Product"
                  options={[{ label: "Choose a product", value: "" }, ...data.products.map((p) => ({ label: p.title, value: p.id }))]}
                  value={data.selected}
                  onChange={(v) => navigate(v ? `?product=${v}` : "?")}
                />
                {data.product ? (
                  <Text as="h2" variant="headingMd">
                    Sentiment over time, this product
                  </Text>
                ) : null}
                {data.product ? (
                  <LineChart
                    title="Sentiment over time, this product"
                    description="Share of positive and negative reviews per month."
                    xLabel="Month"
                    yLabel="Share of reviews"
                    categories={data.categories}
                    series={sentimentSeries(data.product)}
                    formatValue={percent}
                  />
                ) : null}
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              <AspectList title="What buyers like" items={data.topPositive} />
              <AspectList title="What buyers criticise" items={data.topNegative} />
            </InlineGrid>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Products whose sentiment is getting worse
                </Text>
                {data.worsening.length ? (
                  <List>
                    {data.worsening.map((p) => (
                      <List.Item key={p.productId}>
                        {p.title}: {p.reason}
                      </List.Item>
                    ))}
                  </List>
                ) : (
                  <Text as="p" tone="subdued">
                    None: no product's recent reviews are turning negative.
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
