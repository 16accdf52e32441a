import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Banner, BlockStack, Button, Card, Checkbox, FormLayout, Layout, List, Page, Select, Text, TextField } from "@shopify/polaris";
import { ReviewsTabs } from "../components/reviews/ReviewsTabs";
import { authenticateAdmin } from "../services/admin-auth.server";
import { worseningProducts } from "../services/reviews/insights.server";
import { readSettings, saveReviewSettingsForm } from "../services/settings.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  return json({ rules: readSettings(shop.settings).reviews, worsening: await worseningProducts(shop.id) });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const result = await saveReviewSettingsForm(shop.id, Object.fromEntries(await request.formData()));
  return json(result, { status: result.ok ? 200 : 400 });
};

export default function ReviewRules() {
  const { rules, worsening } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  const errors: Record<string, string> = result && !result.ok ? result.errors : {};
  const [autoPublish, setAutoPublish] = useState(rules.autoPublish);
  const [minRating, setMinRating] = useState(String(rules.minRating));
  const [requireNoFlags, setRequireNoFlags] = useState(rules.requireNoFlags);
  const [requireVerifiedBuyer, setRequireVerifiedBuyer] = useState(rules.requireVerifiedBuyer);
  const [flaggedWords, setFlaggedWords] = useState(rules.flaggedWords.join(", "));
  const [demote, setDemote] = useState(rules.demoteNegativeProducts);
  return (
    <Page title="Reviews">
      <BlockStack gap="400">
        <ReviewsTabs />
        {result?.ok ? <Banner tone="success" title="Review rules saved" /> : null}
        <Form method="post">
          <input type="hidden" name="autoPublish" value={String(autoPublish)} />
          <input type="hidden" name="requireNoFlags" value={String(requireNoFlags)} />
          <input type="hidden" name="requireVerifiedBuyer" value={String(requireVerifiedBuyer)} />
          <input type="hidden" name="demoteNegativeProducts" value={String(demote)} />
          <Layout>
            <Layout.AnnotatedSection title="Auto-publish" description="Reviews that pass these rules go live at once; the others wait in Pending for you.">
              <Card>
                <FormLayout>
                  <Checkbox label="Publish new reviews automatically when they pass the rules" checked={autoPublish} onChange={setAutoPublish} />
                  <Select
                    label="Minimum rating"
                    name="minRating"
                    options={["1", "2", "3", "4", "5"].map((v) => ({ label: `${v} star${v === "1" ? "" : "s"} and up`, value: v }))}
                    value={minRating}
                    onChange={setMinRating}
                    disabled={!autoPublish}
                    error={errors.minRating}
                  />
                  <Checkbox
                    label="Only when no check flagged the review (flagged words, links, shouting)"
                    checked={requireNoFlags}
                    onChange={setRequireNoFlags}
                    disabled={!autoPublish}
                  />
                  <Checkbox label="Only from verified buyers" checked={requireVerifiedBuyer} onChange={setRequireVerifiedBuyer} disabled={!autoPublish} />
                  <TextField
                    label="Flagged words"
                    name="flaggedWords"
                    value={flaggedWords}
                    onChange={setFlaggedWords}
                    multiline={2}
                    autoComplete="off"
                    helpText="Separated by commas. A review that contains one is flagged and waits for you."
                    error={errors.flaggedWords}
                  />
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection
              title="Sentiment-aware recommendations"
              description="When a product's recent reviews turn negative, recommendation blocks show it last, so shoppers see products others are happy with first."
            >
              <Card>
                <BlockStack gap="300">
                  <Checkbox
                    label="Demote products whose recent reviews turn negative"
                    checked={demote}
                    onChange={setDemote}
                    helpText="A product is demoted when at least half of its reviews of the last 30 days are negative, or their average turned negative from the months before (at least 3 recent reviews). See the effect in Recommendations › Preview."
                  />
                  <Text as="h3" variant="headingSm">
                    {worsening.length ? `Would be demoted now (${worsening.length})` : "No product would be demoted now"}
                  </Text>
                  {worsening.length ? (
                    <List>
                      {worsening.slice(0, 10).map((p) => (
                        <List.Item key={p.productId}>
                          {p.title}: {p.reason}
                        </List.Item>
                      ))}
                    </List>
                  ) : null}
                </BlockStack>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.Section>
              <Button submit variant="primary" loading={saving}>
                Save
              </Button>
            </Layout.Section>
          </Layout>
        </Form>
      </BlockStack>
    </Page>
  );
}
