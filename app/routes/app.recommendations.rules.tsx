import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Badge, Banner, BlockStack, Button, Card, ChoiceList, FormLayout, InlineStack, Layout, Page, Select, Text, Thumbnail } from "@shopify/polaris";
import { z } from "zod";
import { ProductPicker, type PickedProduct } from "../components/ProductPicker";
import { RecommendationsTabs } from "../components/RecommendationsTabs";
import { AddGroupRuleForm, GroupRuleList } from "../components/recommendations/GroupRules";
import { RulesCard } from "../components/recommendations/RulesCard";
import { PRODUCT_PLACEHOLDER } from "../components/illustrations";
import { authenticateAdmin } from "../services/admin-auth.server";
import { MAX_PIN_POSITION } from "../services/recommendations/labels";
import {
  addGroupRuleFromForm,
  addRuleFromForm,
  collectionChoices,
  getGroupRules,
  getRules,
  removeGroupRule,
  removeRule,
  type GroupRuleFormResult,
  type RuleFormResult,
  type RuleView,
} from "../services/recommendations/rules.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const [rules, groupRules, collections] = await Promise.all([getRules(shop.id), getGroupRules(shop.id), collectionChoices(shop.id)]);
  return json({ ...rules, groupRules, collections });
};

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add") }).passthrough(),
  z.object({ intent: z.literal("delete"), id: z.string().min(1) }),
  z.object({ intent: z.literal("addGroup") }).passthrough(),
  z.object({ intent: z.literal("deleteGroup"), id: z.string().min(1) }),
]);

type ActionResult =
  | (RuleFormResult & { intent: "add" })
  | (GroupRuleFormResult & { intent: "addGroup" })
  | { intent: "delete" | "deleteGroup"; ok: true }
  | { intent: "unknown"; ok: false; errors: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = intentSchema.safeParse(form);
  if (!parsed.success) return json<ActionResult>({ intent: "unknown", ok: false, errors: { form: "Unknown action" } }, { status: 400 });
  if (parsed.data.intent === "delete") {
    await removeRule(shop.id, parsed.data.id);
    return json<ActionResult>({ intent: "delete", ok: true });
  }
  if (parsed.data.intent === "deleteGroup") {
    await removeGroupRule(shop.id, parsed.data.id);
    return json<ActionResult>({ intent: "deleteGroup", ok: true });
  }
  if (parsed.data.intent === "addGroup") {
    const result = await addGroupRuleFromForm(shop.id, form);
    return json<ActionResult>({ intent: "addGroup", ...result }, { status: result.ok ? 200 : 400 });
  }
  const result = await addRuleFromForm(shop.id, form);
  return json<ActionResult>({ intent: "add", ...result }, { status: result.ok ? 200 : 400 });
};

const positionOptions = Array.from({ length: MAX_PIN_POSITION }, (_, i) => ({ label: String(i + 1), value: String(i + 1) }));

export default function Rules() {
  const { pins, exclusions, groupRules, collections } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result && !result.ok && result.intent !== "addGroup" ? result.errors : {};
  const groupErrors: Record<string, string | undefined> = result && !result.ok && result.intent === "addGroup" ? result.errors : {};

  return (
    <Page title="Recommendations">
      <BlockStack gap="500">
        <RecommendationsTabs />
        {result?.ok && result.intent === "add" ? <Banner tone="success" title={result.kind === "pin" ? "Pin saved" : "Exclusion saved"} /> : null}
        {result?.ok && result.intent === "addGroup" ? (
          <Banner tone="success" title="Rule saved">
            <p>{result.text}</p>
          </Banner>
        ) : null}
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
        <Layout>
          <Layout.Section>
            <GroupRuleList rules={groupRules} />
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <AddGroupRuleForm errors={groupErrors} saved={result?.ok && result.intent === "addGroup" ? result : null} collections={collections} />
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
  return (
    <RulesCard
      title={title}
      description={description}
      empty={empty}
      items={rules}
      deleteIntent="delete"
      removeLabel={(rule) => `Remove ${pinned ? "pin" : "exclusion"} of ${rule.product.title}`}
      describe={(rule) => (
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
              {[pinned ? `Position ${rule.position}` : null, rule.anchor ? `Only on ${rule.anchor.title}` : "Everywhere"].filter(Boolean).join(" · ")}
            </Text>
          </BlockStack>
        </InlineStack>
      )}
    />
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
