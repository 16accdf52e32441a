import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Banner, BlockStack, Box, Button, Card, Checkbox, FormLayout, InlineStack, Layout, Page, RangeSlider, Select, Text, TextField } from "@shopify/polaris";
import { authenticateAdmin } from "../services/admin-auth.server";
import { readSettings, saveSettingsForm } from "../services/settings.server";
import { liveDiversity } from "../services/recommendations/overview.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  return json({ settings: readSettings(shop.settings), chosenDiversity: await liveDiversity(shop.id) });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const result = await saveSettingsForm(shop.id, Object.fromEntries(await request.formData()), readSettings(shop.settings));
  return json(result, { status: result.ok ? 200 : 400 });
};

export default function Settings() {
  const { settings, chosenDiversity } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  const errors = result && !result.ok ? result.errors : {};
  const r = settings.recommendations;
  const [enabled, setEnabled] = useState(r.enabled);
  const [excludePurchased, setExcludePurchased] = useState(r.excludePurchased);
  const [retrain, setRetrain] = useState(String(r.retrainEveryMinutes));
  const [maxPerVendor, setMaxPerVendor] = useState(String(r.maxPerVendor));
  const [attributionDays, setAttributionDays] = useState(String(r.attributionWindowDays));
  const [maxPerFamily, setMaxPerFamily] = useState(String(r.maxPerFamily));
  const [minSimilarity, setMinSimilarity] = useState(r.minSimilarity);
  const [autoDiversity, setAutoDiversity] = useState(r.diversity === null);
  const [diversity, setDiversity] = useState(r.diversity ?? chosenDiversity ?? 0.3);
  const [brandVoice, setBrandVoice] = useState(settings.content.brandVoice);
  const [autoApprove, setAutoApprove] = useState<string>(settings.content.autoApprove);
  const [retentionDays, setRetentionDays] = useState(String(settings.privacy.webhookPayloadRetentionDays));

  return (
    <Page title="Settings" backAction={{ content: "Dashboard", url: "/app" }}>
      <Form method="post">
        <input type="hidden" name="recommendationsEnabled" value={String(enabled)} />
        <input type="hidden" name="excludePurchased" value={String(excludePurchased)} />
        <input type="hidden" name="minSimilarity" value={String(minSimilarity)} />
        <input type="hidden" name="diversity" value={autoDiversity ? "auto" : String(diversity)} />
        <input type="hidden" name="autoApprove" value={autoApprove} />
        <BlockStack gap="500">
          {result?.ok ? <Banner tone="success" title="Settings saved" /> : null}
          {result && !result.ok ? <Banner tone="critical" title="Some settings need another look" /> : null}
          <Layout>
            <Layout.AnnotatedSection
              title="Recommendations"
              description="What shoppers see in Aisle's recommendation blocks, and how often models learn from new orders."
            >
              <Card>
                <FormLayout>
                  <Checkbox label="Show recommendations on the storefront" checked={enabled} onChange={setEnabled} />
                  <FormLayout.Group>
                    <TextField
                      label="Retrain every (minutes)"
                      name="retrainEveryMinutes"
                      type="number"
                      min={1}
                      max={1440}
                      value={retrain}
                      onChange={setRetrain}
                      autoComplete="off"
                      error={errors.retrainEveryMinutes}
                    />
                    <TextField
                      label="At most this many products per vendor in a block"
                      name="maxPerVendor"
                      type="number"
                      min={1}
                      max={12}
                      value={maxPerVendor}
                      onChange={setMaxPerVendor}
                      autoComplete="off"
                      error={errors.maxPerVendor}
                    />
                    <TextField
                      label="At most this many variants of one product in a block"
                      helpText="Products that are the same item in another colour, size or pack count form a family; the block keeps the family's best."
                      name="maxPerFamily"
                      type="number"
                      min={1}
                      max={12}
                      value={maxPerFamily}
                      onChange={setMaxPerFamily}
                      autoComplete="off"
                      error={errors.maxPerFamily}
                    />
                  </FormLayout.Group>
                  <TextField
                    label="Credit a sale to a recommendation for (days)"
                    name="attributionWindowDays"
                    type="number"
                    min={1}
                    max={90}
                    value={attributionDays}
                    onChange={setAttributionDays}
                    autoComplete="off"
                    helpText="An order line counts as earned by recommendations when the shopper clicked or added that product from an Aisle block at most this many days before ordering."
                    error={errors.attributionWindowDays}
                  />
                  <Checkbox label="Don't recommend what a customer already bought" checked={excludePurchased} onChange={setExcludePurchased} />
                  <RangeSlider
                    label="Minimum similarity"
                    helpText="Similar products below this score are not shown."
                    min={0}
                    max={1}
                    step={0.01}
                    value={minSimilarity}
                    onChange={(v) => setMinSimilarity(Number(v))}
                    output
                    suffix={<SliderValue value={minSimilarity} />}
                  />
                  <Checkbox
                    label="Choose variety automatically"
                    helpText={
                      chosenDiversity === null
                        ? "Each training tries several values on your recent sales and keeps the one that predicts what customers buy next best."
                        : `Each training tries several values on your recent sales and keeps the best. The live model chose ${chosenDiversity.toFixed(2)}.`
                    }
                    checked={autoDiversity}
                    onChange={setAutoDiversity}
                  />
                  {autoDiversity ? null : (
                    <RangeSlider
                      label="Variety"
                      helpText="Higher values trade a little relevance for less look-alike products in one block."
                      min={0}
                      max={1}
                      step={0.05}
                      value={diversity}
                      onChange={(v) => setDiversity(Number(v))}
                      output
                      suffix={<SliderValue value={diversity} />}
                      error={errors.diversity}
                    />
                  )}
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection
              title="Product content"
              description="How Aisle writes descriptions, SEO fields and alt text. Nothing goes live without approval."
            >
              <Card>
                <FormLayout>
                  <TextField
                    label="Brand voice"
                    name="brandVoice"
                    value={brandVoice}
                    onChange={setBrandVoice}
                    multiline={3}
                    maxLength={500}
                    showCharacterCount
                    autoComplete="off"
                    helpText="A few words on tone, e.g. “warm, witty, British spelling”."
                    error={errors.brandVoice}
                  />
                  <Select
                    label="Approve automatically"
                    options={[
                      { label: "Never: staff approve everything", value: "never" },
                      { label: "Image alt text only", value: "alt_text_only" },
                      { label: "Unflagged drafts for new products", value: "unflagged_new_products" },
                      { label: "Every unflagged draft", value: "unflagged" },
                    ]}
                    value={autoApprove}
                    onChange={setAutoApprove}
                  />
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection
              title="Privacy"
              description="Shopify's webhooks carry customers' names, emails and addresses. Aisle keeps them for inspection this long, then deletes their content."
            >
              <Card>
                <TextField
                  label="Keep webhook contents for (days)"
                  name="webhookPayloadRetentionDays"
                  type="number"
                  min={1}
                  max={365}
                  value={retentionDays}
                  onChange={setRetentionDays}
                  autoComplete="off"
                  error={errors.webhookPayloadRetentionDays}
                />
              </Card>
            </Layout.AnnotatedSection>
          </Layout>
          <Box paddingBlockEnd="800">
            <InlineStack align="end">
              <Button submit variant="primary" loading={saving}>
                Save
              </Button>
            </InlineStack>
          </Box>
        </BlockStack>
      </Form>
      <Text as="p" visuallyHidden>
        Settings apply to this shop only.
      </Text>
    </Page>
  );
}

/** A slider's value, always in view (Polaris shows its output only while dragging). */
function SliderValue({ value }: { value: number }) {
  return (
    <div style={{ minWidth: 40, textAlign: "right" }}>
      <Text as="span" numeric>
        {value.toFixed(2)}
      </Text>
    </div>
  );
}
