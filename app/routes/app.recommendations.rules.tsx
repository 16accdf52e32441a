import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  ChoiceList,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
  Thumbnail,
} from "@shopify/polaris";
import { z } from "zod";
import { ProductPicker, type PickedProduct } from "../components/ProductPicker";
import { RecommendationsTabs } from "../components/RecommendationsTabs";
import { PRODUCT_PLACEHOLDER } from "../components/illustrations";
import { authenticateAdmin } from "../services/admin-auth.server";
import { GROUP_FIELD_WORDS } from "../services/recommendations/group-rules";
import { MAX_PIN_POSITION } from "../services/recommendations/labels";
import {
  addGroupRuleFromForm,
  addRuleFromForm,
  getGroupRules,
  getRules,
  removeGroupRule,
  removeRule,
  type GroupRuleFormResult,
  type GroupRuleView,
  type RuleFormResult,
  type RuleView,
} from "../services/recommendations/rules.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const [rules, groupRules] = await Promise.all([getRules(shop.id), getGroupRules(shop.id)]);
  return json({ ...rules, groupRules });
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
  const { pins, exclusions, groupRules } = useLoaderData<typeof loader>();
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
            <AddGroupRuleForm errors={groupErrors} saved={result?.ok && result.intent === "addGroup" ? result : null} />
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

/** A card listing rules, each with what it does and a Remove button (the form's `deleteIntent` with the rule's id). */
function RulesCard<T extends { id: string }>({
  title,
  description,
  empty,
  items,
  deleteIntent,
  removeLabel,
  describe,
}: {
  title: string;
  description: ReactNode;
  empty: string;
  items: T[];
  deleteIntent: string;
  removeLabel: (item: T) => string;
  describe: (item: T) => ReactNode;
}) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const deleting = navigation.state !== "idle" && navigation.formData?.get("intent") === deleteIntent ? navigation.formData.get("id") : null;
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
        {items.length ? (
          <ul style={{ listStyle: "none", margin: 0, padding: 0 }} aria-label={title}>
            {items.map((item, i) => (
              <li key={item.id}>
                <Box paddingBlock="300" borderBlockStartWidth={i ? "025" : "0"} borderColor="border-secondary">
                  <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
                    {describe(item)}
                    <Button
                      variant="tertiary"
                      tone="critical"
                      accessibilityLabel={removeLabel(item)}
                      loading={deleting === item.id}
                      onClick={() => submit({ intent: deleteIntent, id: item.id }, { method: "post" })}
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

function GroupRuleList({ rules }: { rules: GroupRuleView[] }) {
  return (
    <RulesCard
      title="Rules by group"
      description={
        <>
          Rules over many products at once: by tag, vendor, product type, price or stock, everywhere or only on pages of some products. Rules by collection need
          Aisle to sync the shop&apos;s collections, which it does not do yet.
        </>
      }
      empty="No rules by group. For example: never recommend products tagged gift-wrap, or only products up to 20% dearer than the one viewed."
      items={rules}
      deleteIntent="deleteGroup"
      removeLabel={(rule) => `Remove rule: ${rule.text}`}
      describe={(rule) => (
        <InlineStack gap="300" blockAlign="center" wrap={false}>
          {rule.product ? <Thumbnail size="small" source={rule.product.imageUrl ?? PRODUCT_PLACEHOLDER} alt="" /> : null}
          <BlockStack gap="050">
            <Text as="span" fontWeight="semibold">
              {rule.text}
            </Text>
            <InlineStack gap="200">
              <Badge tone={rule.action === "unreadable" ? "critical" : undefined}>{GROUP_ACTION_WORDS[rule.action]}</Badge>
              {rule.product?.unavailable ? <Badge tone="warning">Not active</Badge> : null}
            </InlineStack>
          </BlockStack>
        </InlineStack>
      )}
    />
  );
}

const GROUP_ACTION_WORDS: Record<GroupRuleView["action"], string> = { exclude: "Exclude", pin: "Pin", price_cap: "Price cap", unreadable: "Unreadable" };

const whenOptions = [
  { label: "On every page", value: "" },
  ...(["tag", "vendor", "productType", "price"] as const).map((f) => ({ label: `On pages of products with this ${GROUP_FIELD_WORDS[f]}`, value: f })),
];
const targetOptions = (["tag", "vendor", "productType", "price", "stock"] as const).map((f) => ({
  label: `Products with this ${GROUP_FIELD_WORDS[f]}`,
  value: f,
}));

/** A group's value (tag, vendor, type) or range (price, stock), posted as `<prefix>Value` or `<prefix>Min`/`<prefix>Max`. */
function GroupFields({ prefix, field, errors }: { prefix: "when" | "target"; field: string; errors: Record<string, string | undefined> }) {
  const [value, setValue] = useState("");
  const [min, setMin] = useState("");
  const [max, setMax] = useState("");
  if (field === "price" || field === "stock") {
    const unit = field === "price" ? "Price" : "Units in stock";
    return (
      <FormLayout.Group condensed>
        <TextField
          label={`${unit} from`}
          name={`${prefix}Min`}
          type="number"
          min={0}
          value={min}
          onChange={setMin}
          autoComplete="off"
          error={errors[`${prefix}Min`]}
          helpText="Empty: no minimum"
        />
        <TextField
          label={`${unit} to`}
          name={`${prefix}Max`}
          type="number"
          min={0}
          value={max}
          onChange={setMax}
          autoComplete="off"
          error={errors[`${prefix}Max`]}
          helpText="Empty: no maximum"
        />
      </FormLayout.Group>
    );
  }
  const label = field === "tag" ? "Tag" : field === "vendor" ? "Vendor" : "Product type";
  return (
    <TextField
      label={label}
      name={`${prefix}Value`}
      value={value}
      onChange={setValue}
      autoComplete="off"
      error={errors[`${prefix}Value`]}
      helpText="Any case: Gift-Wrap and gift-wrap are the same."
    />
  );
}

function AddGroupRuleForm({ errors, saved }: { errors: Record<string, string | undefined>; saved: object | null }) {
  const navigation = useNavigation();
  const saving = navigation.state !== "idle" && navigation.formData?.get("intent") === "addGroup";
  const [action, setAction] = useState<"exclude" | "pin" | "price_cap">("exclude");
  const [whenField, setWhenField] = useState("");
  const [targetField, setTargetField] = useState("tag");
  const [product, setProduct] = useState<PickedProduct | null>(null);
  const [position, setPosition] = useState("1");
  const [percent, setPercent] = useState("120");
  // Remounts the value fields after a save, so the next rule starts empty.
  const [generation, setGeneration] = useState(0);

  const [seenSaved, setSeenSaved] = useState(saved);
  if (saved !== seenSaved) {
    setSeenSaved(saved);
    if (saved) {
      setWhenField("");
      setProduct(null);
      setPosition("1");
      setGeneration((g) => g + 1);
    }
  }

  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="addGroup" />
        <input type="hidden" name="ruleAction" value={action} />
        <FormLayout>
          <Text as="h2" variant="headingMd">
            Add a rule by group
          </Text>
          <ChoiceList
            title="Rule"
            titleHidden
            choices={[
              { label: "Exclude a group", value: "exclude", helpText: "Never recommend products of a group." },
              { label: "Pin a product", value: "pin", helpText: "Show it at a fixed position." },
              { label: "Cap prices", value: "price_cap", helpText: "Only products up to a share of the viewed product's price." },
            ]}
            selected={[action]}
            onChange={(v) => setAction(v[0] === "pin" ? "pin" : v[0] === "price_cap" ? "price_cap" : "exclude")}
            error={errors.ruleAction}
          />
          <BlockStack gap="200">
            <Select label="Where" name="whenField" options={whenOptions} value={whenField} onChange={setWhenField} error={errors.whenField} />
            {whenField ? <GroupFields key={`when-${whenField}-${generation}`} prefix="when" field={whenField} errors={errors} /> : null}
          </BlockStack>
          {action === "exclude" ? (
            <BlockStack gap="200">
              <Select
                label="Never recommend"
                name="targetField"
                options={targetOptions}
                value={targetField}
                onChange={setTargetField}
                error={errors.targetField}
              />
              <GroupFields key={`target-${targetField}-${generation}`} prefix="target" field={targetField} errors={errors} />
            </BlockStack>
          ) : null}
          {action === "pin" ? <ProductPicker label="Product" name="productId" value={product} onChange={setProduct} error={errors.productId} /> : null}
          {action === "pin" ? (
            <Select label="Position" name="position" options={positionOptions} value={position} onChange={setPosition} error={errors.position} />
          ) : null}
          {action === "price_cap" ? (
            <TextField
              label="At most this share of the viewed product's price"
              name="percent"
              type="number"
              min={100}
              suffix="%"
              value={percent}
              onChange={setPercent}
              autoComplete="off"
              error={errors.percent}
              helpText="120 keeps products up to 20% dearer than the one viewed. Applies on product pages."
            />
          ) : null}
          {errors.form ? (
            <Text as="p" tone="critical">
              {errors.form}
            </Text>
          ) : null}
          <InlineStack align="end">
            <Button submit variant="primary" loading={saving}>
              Add rule
            </Button>
          </InlineStack>
        </FormLayout>
      </Form>
    </Card>
  );
}
