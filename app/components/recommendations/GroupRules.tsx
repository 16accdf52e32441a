// The rules by group of the rules page: the list and the form that adds one.
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Badge, BlockStack, Button, Card, ChoiceList, FormLayout, InlineStack, Select, Text, TextField, Thumbnail } from "@shopify/polaris";
import { ProductPicker, type PickedProduct } from "../ProductPicker";
import { PRODUCT_PLACEHOLDER } from "../illustrations";
import { GROUP_FIELD_WORDS } from "../../services/recommendations/group-rules";
import { MAX_PIN_POSITION } from "../../services/recommendations/labels";
import type { GroupRuleView } from "../../services/recommendations/rules.server";
import { RulesCard } from "./RulesCard";

const positionOptions = Array.from({ length: MAX_PIN_POSITION }, (_, i) => ({ label: String(i + 1), value: String(i + 1) }));

export function GroupRuleList({ rules }: { rules: GroupRuleView[] }) {
  return (
    <RulesCard
      title="Rules by group"
      description={
        <>Rules over many products at once: by tag, vendor, product type, collection, price or stock, everywhere or only on pages of some products.</>
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
              {rule.problem ? <Badge tone="critical">Collection gone</Badge> : null}
            </InlineStack>
            {rule.problem ? (
              <Text as="p" variant="bodySm" tone="critical">
                {rule.problem}
              </Text>
            ) : null}
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
  { label: "On pages of products in this collection", value: "collection" },
];
const targetOptions = [
  ...(["tag", "vendor", "productType", "price", "stock"] as const).map((f) => ({ label: `Products with this ${GROUP_FIELD_WORDS[f]}`, value: f })),
  { label: "Products in this collection", value: "collection" },
];

/** A collection the form offers (the shop's live collections, synced from Shopify). */
export interface CollectionChoice {
  shopifyId: string;
  title: string;
  smart: boolean;
}

/**
 * A group's value (tag, vendor, type, a collection's id) or range (price,
 * stock), posted as `<prefix>Value` or `<prefix>Min`/`<prefix>Max`.
 */
function GroupFields({
  prefix,
  field,
  errors,
  collections,
}: {
  prefix: "when" | "target";
  field: string;
  errors: Record<string, string | undefined>;
  collections: CollectionChoice[];
}) {
  const [value, setValue] = useState("");
  const [min, setMin] = useState("");
  const [max, setMax] = useState("");
  if (field === "collection") {
    return (
      <Select
        label="Collection"
        name={`${prefix}Value`}
        options={[
          { label: collections.length ? "Choose a collection" : "No collections synced yet", value: "" },
          ...collections.map((c) => ({ label: c.smart ? `${c.title} (automated)` : c.title, value: c.shopifyId })),
        ]}
        value={value}
        onChange={setValue}
        error={errors[`${prefix}Value`]}
        helpText="Automated collections follow their conditions: a product that joins one is covered at once."
      />
    );
  }
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

export function AddGroupRuleForm({
  errors,
  saved,
  collections,
}: {
  errors: Record<string, string | undefined>;
  saved: object | null;
  collections: CollectionChoice[];
}) {
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
            {whenField ? (
              <GroupFields key={`when-${whenField}-${generation}`} prefix="when" field={whenField} errors={errors} collections={collections} />
            ) : null}
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
              <GroupFields key={`target-${targetField}-${generation}`} prefix="target" field={targetField} errors={errors} collections={collections} />
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
