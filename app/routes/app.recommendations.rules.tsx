import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useState } from "react";
import { Badge, Banner, BlockStack, Box, Button, Card, ChoiceList, FormLayout, InlineStack, Layout, Page, Select, Text, Thumbnail } from "@shopify/polaris";
import { z } from "zod";
import { ProductPicker, type PickedProduct } from "../components/ProductPicker";
import { RecommendationsTabs } from "../components/RecommendationsTabs";
import { PRODUCT_PLACEHOLDER } from "../components/illustrations";
import { authenticateAdmin } from "../services/admin-auth.server";
import { MAX_PIN_POSITION } from "../services/recommendations/labels";
import { addRuleFromForm, getRules, removeRule, type RuleFormResult, type RuleView } from "../services/recommendations/rules.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  return json(await getRules(shop.id));
};

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add") }).passthrough(),
  z.object({ intent: z.literal("delete"), id: z.string().min(1) }),
]);

type ActionResult = (RuleFormResult & { intent: "add" }) | { intent: "delete"; ok: true } | { intent: "unknown"; ok: false; errors: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = intentSchema.safeParse(form);
  if (!parsed.success) return json<ActionResult>({ intent: "unknown", ok: false, errors: { form: "Unknown action" } }, { status: 400 });
  if (parsed.data.intent === "delete") {
    await removeRule(shop.id, parsed.data.id);
    return json<ActionResult>({ intent: "delete", ok: true });
  }
  const result = await addRuleFromForm(shop.id, form);
  return json<ActionResult>({ intent: "add", ...result }, { status: result.ok ? 200 : 400 });
};

const positionOptions = Array.from({ length: MAX_PIN_POSITION }, (_, i) => ({ label: String(i + 1), value: String(i + 1) }));

export default function Rules() {
  const { pins, exclusions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result && !result.ok ? result.errors : {};

  return (
    <Page title="Recommendations">
      <BlockStack gap="500">
        <RecommendationsTabs />
        {result?.ok && result.intent === "add" ? <Banner tone="success" title={result.kind === "pin" ? "Pin saved" : "Exclusion saved"} /> : null}
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <RuleList
                title="Pinned products"
                description="Always shown, at the position you chose, when they are in stock."
                empty="No pins. Pin a product to show it in every recommendation block, or on one product's page."
                rules={pins}
                pinned
              />
              <RuleList
                title="Excluded products"
                description="Never recommended: everywhere, or on one product's page."
                empty="No exclusions."
                rules={exclusions}
              />
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <AddRuleForm errors={errors} saved={result?.ok && result.intent === "add" ? result : null} />
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}

function RuleList({
  title,
  description,
  empty,
  rules,
  pinned = false,
}: {
  title: string;
  description: string;
  empty: string;
  rules: RuleView[];
  pinned?: boolean;
}) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const deleting = navigation.state !== "idle" && navigation.formData?.get("intent") === "delete" ? navigation.formData.get("id") : null;
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          <Text as="p" variant="bodySm" tone="subdued">
            {description}
          </Text>
        </BlockStack>
        {rules.length ? (
          <ul style={{ listStyle: "none", margin: 0, padding: 0 }} aria-label={title}>
            {rules.map((rule, i) => (
              <li key={rule.id}>
                <Box paddingBlock="300" borderBlockStartWidth={i ? "025" : "0"} borderColor="border-secondary">
                  <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
                    <InlineStack gap="300" blockAlign="center" wrap={false}>
                      <Thumbnail size="small" source={rule.product.imageUrl ?? PRODUCT_PLACEHOLDER} alt="" />
                      <BlockStack gap="050">
                        <InlineStack gap="200" blockAlign="center">
                          <Text as="span" fontWeight="semibold">
                            {rule.product.title}
                          </Text>
                          {rule.product.unavailable ? <Badge tone="warning">Not active</Badge> : null}
                        </InlineStack>
                        <Text as="span" variant="bodySm" tone="subdued">
                          {[pinned ? `Position ${rule.position}` : null, rule.anchor ? `Only on ${rule.anchor.title}` : "Everywhere"]
                            .filter(Boolean)
                            .join(" · ")}
                        </Text>
                      </BlockStack>
                    </InlineStack>
                    <Button
                      variant="tertiary"
                      tone="critical"
                      accessibilityLabel={`Remove ${pinned ? "pin" : "exclusion"} of ${rule.product.title}`}
                      loading={deleting === rule.id}
                      onClick={() => submit({ intent: "delete", id: rule.id }, { method: "post" })}
                    >
                      Remove
                    </Button>
                  </InlineStack>
                </Box>
              </li>
            ))}
          </ul>
        ) : (
          <Text as="p" tone="subdued">
            {empty}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

function AddRuleForm({ errors, saved }: { errors: Record<string, string | undefined>; saved: object | null }) {
  const navigation = useNavigation();
  const saving = navigation.state !== "idle" && navigation.formData?.get("intent") === "add";
  const [kind, setKind] = useState<"pin" | "exclude">("pin");
  const [product, setProduct] = useState<PickedProduct | null>(null);
  const [anchor, setAnchor] = useState<PickedProduct | null>(null);
  const [position, setPosition] = useState("1");

  // A saved rule clears the form for the next one (once per save, set while
  // rendering: https://react.dev/learn/you-might-not-need-an-effect#adjusting-some-state-when-a-prop-changes).
  const [seenSaved, setSeenSaved] = useState(saved);
  if (saved !== seenSaved) {
    setSeenSaved(saved);
    if (saved) {
      setProduct(null);
      setAnchor(null);
      setPosition("1");
    }
  }

  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="add" />
        <input type="hidden" name="kind" value={kind} />
        <FormLayout>
          <Text as="h2" variant="headingMd">
            Add a rule
          </Text>
          <ChoiceList
            title="Rule"
            titleHidden
            choices={[
              { label: "Pin a product", value: "pin", helpText: "Show it at a fixed position." },
              { label: "Exclude a product", value: "exclude", helpText: "Never recommend it." },
            ]}
            selected={[kind]}
            onChange={(v) => setKind(v[0] === "exclude" ? "exclude" : "pin")}
            error={errors.kind}
          />
          <ProductPicker label="Product" name="productId" value={product} onChange={setProduct} error={errors.productId} />
          <ProductPicker
            label="Only on this product's page (optional)"
            name="anchorId"
            value={anchor}
            onChange={setAnchor}
            error={errors.anchorId}
            helpText="Leave empty to apply the rule in every block."
            clearable
          />
          {kind === "pin" ? (
            <Select label="Position" name="position" options={positionOptions} value={position} onChange={setPosition} error={errors.position} />
          ) : null}
          <InlineStack align="end">
            <Button submit variant="primary" loading={saving}>
              {kind === "pin" ? "Add pin" : "Add exclusion"}
            </Button>
          </InlineStack>
        </FormLayout>
      </Form>
    </Card>
  );
}
