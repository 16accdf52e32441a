import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useState } from "react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  FormLayout,
  Image,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { ProductPicker, type PickedProduct } from "../components/ProductPicker";
import { RecommendationsTabs } from "../components/RecommendationsTabs";
import { PRODUCT_PLACEHOLDER, SHELF_ILLUSTRATION } from "../components/illustrations";
import { formatMoney } from "../lib/money";
import { authenticateAdmin } from "../services/admin-auth.server";
import { STRATEGY_LABELS, STRATEGY_NAMES, type StrategyName } from "../services/recommendations/labels";
import { previewForStaff, previewQuerySchema } from "../services/recommendations/preview.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const query = previewQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const preview = await previewForStaff(shop.id, query);
  return json({ query, moneyFormat: shop.moneyFormat, ...preview });
};

const CONTEXTS = [
  { label: "A product page", value: "product" },
  { label: "The cart, with this product in it", value: "cart" },
  { label: "The home page", value: "home" },
];

const strategyOptions = STRATEGY_NAMES.map((value) => ({ value, label: STRATEGY_LABELS[value] }));

export default function Preview() {
  const { query, product, errors, result, moneyFormat } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [context, setContext] = useState<string>(query.context);
  const [picked, setPicked] = useState<PickedProduct | null>(
    product && !product.missing ? { id: product.id, title: product.title, imageUrl: product.imageUrl } : null,
  );
  const [customerId, setCustomerId] = useState(query.customerId ?? "");
  const [strategy, setStrategy] = useState<string>(query.strategy);
  const loading = navigation.state === "loading" && navigation.location?.pathname === "/app/recommendations/preview";

  // Picking a product shows its recommendations straight away.
  useEffect(() => {
    if (!picked || picked.id === query.productId) return;
    submit({ context, productId: picked.id, customerId, strategy }, { method: "get", replace: true });
    // Only a new pick should submit; the other fields go with the button.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [picked?.id]);

  const needsProduct = context !== "home";

  return (
    <Page title="Recommendations">
      <BlockStack gap="500">
        <RecommendationsTabs />
        <Layout>
          <Layout.Section variant="oneThird">
            <Card>
              <Form method="get" replace>
                <FormLayout>
                  <BlockStack gap="100">
                    <Text as="h2" variant="headingMd">
                      What would a shopper see?
                    </Text>
                    <Text as="p" variant="bodySm" tone="subdued">
                      The same answer the storefront block gets, pins, exclusions and rules by group included.
                    </Text>
                  </BlockStack>
                  <Select label="Page" name="context" options={CONTEXTS} value={context} onChange={setContext} />
                  {needsProduct ? <ProductPicker label="Product" name="productId" value={picked} onChange={setPicked} error={errors.productId} /> : null}
                  <TextField
                    label="Customer id (optional)"
                    name="customerId"
                    value={customerId}
                    onChange={setCustomerId}
                    autoComplete="off"
                    inputMode="numeric"
                    helpText="A signed-in customer's Shopify id: their history shapes personal picks."
                    error={errors.customerId}
                  />
                  <Select
                    label="Strategy"
                    name="strategy"
                    options={strategyOptions}
                    value={strategy}
                    onChange={setStrategy}
                    helpText="As set on the theme's Recommendations block."
                  />
                  <InlineStack align="end">
                    <Button submit variant="primary" loading={loading} disabled={needsProduct && !picked}>
                      Show recommendations
                    </Button>
                  </InlineStack>
                </FormLayout>
              </Form>
            </Card>
          </Layout.Section>
          <Layout.Section>
            {result ? (
              <Card>
                <BlockStack gap="400">
                  <InlineStack align="space-between" blockAlign="center" gap="200">
                    <Text as="h2" variant="headingMd">
                      {query.context === "home"
                        ? "On the home page"
                        : query.context === "cart"
                          ? `In the cart with ${product?.title ?? "this product"}`
                          : `On ${product?.title ?? "this product"}'s page`}
                    </Text>
                    <Badge tone="info">
                      {result.strategy === "off"
                        ? "Recommendations are turned off"
                        : `Strategy: ${STRATEGY_LABELS[result.strategy as StrategyName] ?? result.strategy}`}
                    </Badge>
                  </InlineStack>
                  {result.warning ? (
                    <Banner tone="warning" title="Your rules leave nothing to recommend here">
                      <p>{result.warning}</p>
                    </Banner>
                  ) : null}
                  {result.items.length ? (
                    <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
                      {result.items.map((item, i) => (
                        <BlockStack key={item.productId} gap="200">
                          <Box borderRadius="200" overflowX="hidden" overflowY="hidden" background="bg-surface-secondary">
                            <Image
                              source={item.imageUrl ?? PRODUCT_PLACEHOLDER}
                              alt={item.imageAlt ?? item.title}
                              style={{ display: "block", width: "100%", aspectRatio: "1 / 1", objectFit: "cover" }}
                            />
                          </Box>
                          <BlockStack gap="050">
                            <Text as="h3" variant="bodyMd" fontWeight="semibold">
                              {`${i + 1}. ${item.title}`}
                            </Text>
                            <InlineStack gap="150" blockAlign="baseline">
                              <Text as="span" variant="bodySm">
                                {formatMoney(item.price, moneyFormat)}
                              </Text>
                              {item.compareAtPrice && Number(item.compareAtPrice) > Number(item.price) ? (
                                <Text as="span" variant="bodySm" tone="subdued" textDecorationLine="line-through">
                                  {formatMoney(item.compareAtPrice, moneyFormat)}
                                </Text>
                              ) : null}
                            </InlineStack>
                            {item.vendor ? (
                              <Text as="span" variant="bodySm" tone="subdued">
                                {item.vendor}
                              </Text>
                            ) : null}
                          </BlockStack>
                          <InlineStack gap="150" blockAlign="center">
                            {item.reasonCode === "pinned" ? <Badge tone="attention">Pinned</Badge> : null}
                            {item.demotedBecause ? <Badge tone="warning">{`Moved last: ${item.demotedBecause}`}</Badge> : null}
                            <Text as="p" variant="bodySm" tone="subdued">
                              {`“${item.reason}”`}
                            </Text>
                          </InlineStack>
                        </BlockStack>
                      ))}
                    </InlineGrid>
                  ) : result.warning ? null : (
                    <Text as="p" tone="subdued">
                      The block would stay hidden: nothing to recommend here yet. Recommendations appear once a model is live and products are in stock.
                    </Text>
                  )}
                </BlockStack>
              </Card>
            ) : (
              <Card>
                <EmptyState heading="Pick a product to preview" image={SHELF_ILLUSTRATION}>
                  <p>See the products, reasons and order a shopper gets on that product&apos;s page, in the cart, or on the home page.</p>
                </EmptyState>
              </Card>
            )}
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}
