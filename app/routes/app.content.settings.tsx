import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Banner, BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Layout, Page, Select, TextField } from "@shopify/polaris";
import { ContentTabs } from "../components/content/ContentTabs";
import { authenticateAdmin } from "../services/admin-auth.server";
import { currentProvider } from "../services/content/runs.server";
import { saveContentSettings } from "../services/content/settings.server";
import { readSettings } from "../services/settings.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  return json({ content: readSettings(shop.settings).content, provider: currentProvider() });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const result = await saveContentSettings(shop.id, Object.fromEntries(await request.formData()));
  return json(result, { status: result.ok ? 200 : 400 });
};

export default function ContentSettings() {
  const { content, provider } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  const errors: Record<string, string> = result && !result.ok ? result.errors : {};
  const [v, setV] = useState({
    brandVoice: content.brandVoice,
    audience: content.audience,
    language: content.language,
    avoidWords: content.avoidWords.join(", "),
    minWords: String(content.minWords),
    maxWords: String(content.maxWords),
    exampleCopy: content.exampleCopy,
    rules: content.rules,
    autoApprove: content.autoApprove as string,
    seoRefreshDays: String(content.seoRefreshDays),
    bulkModel: content.bulkModel,
    reviewModel: content.reviewModel,
    concurrency: String(content.concurrency),
  });
  const [flags, setFlags] = useState({ draftNewProducts: content.draftNewProducts, suggestHandle: content.suggestHandle, useBatches: content.useBatches });
  const text = (name: keyof typeof v) => ({
    name,
    value: v[name],
    onChange: (value: string) => setV((s) => ({ ...s, [name]: value })),
    error: errors[name],
    autoComplete: "off",
  });

  return (
    <Page title="Content studio" backAction={{ content: "Review queue", url: "/app/content" }}>
      <Form method="post">
        {Object.entries(flags).map(([name, on]) => (
          <input key={name} type="hidden" name={name} value={String(on)} />
        ))}
        <input type="hidden" name="autoApprove" value={v.autoApprove} />
        <BlockStack gap="400">
          <ContentTabs />
          {result?.ok ? <Banner tone="success" title="Saved" /> : null}
          {result && !result.ok ? <Banner tone="critical" title="Some values need a look" /> : null}
          <Layout>
            <Layout.AnnotatedSection
              title="Brand voice"
              description="How every draft sounds. The model gets this in its instructions; the offline writer keeps to the lengths and words to avoid."
            >
              <Card>
                <FormLayout>
                  <TextField label="Tone" {...text("brandVoice")} multiline={2} maxLength={500} helpText="e.g. “warm, witty, British spelling”" />
                  <TextField label="Audience" {...text("audience")} maxLength={300} />
                  <TextField
                    label="Language"
                    {...text("language")}
                    helpText={
                      provider === "claude"
                        ? "Claude writes in this language. The offline writer (without an API key) writes in English only, and says so on its drafts."
                        : "The offline writer writes in English only: this setting is not followed until an Anthropic API key is set, and each draft says so when it asks for another language."
                    }
                  />
                  <TextField label="Words to avoid" {...text("avoidWords")} multiline={2} helpText="Separated by commas. Drafts using them are flagged." />
                  <FormLayout.Group>
                    <TextField label="Description: fewest words" type="number" {...text("minWords")} />
                    <TextField label="Description: most words" type="number" {...text("maxWords")} />
                  </FormLayout.Group>
                  <TextField
                    label="Example copy"
                    {...text("exampleCopy")}
                    multiline={4}
                    maxLength={2000}
                    helpText="A description you like; its style is copied, not its facts."
                  />
                  <TextField label="Rules" {...text("rules")} multiline={3} maxLength={1000} helpText="e.g. “Never mention discounts.”" />
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection
              title="Approval and automation"
              description="Nothing reaches your store unless a person approves it, or a rule you set here."
            >
              <Card>
                <FormLayout>
                  <Select
                    label="Approve automatically"
                    options={[
                      { label: "Never: staff approve everything", value: "never" },
                      { label: "Image alt text only (unflagged)", value: "alt_text_only" },
                      { label: "Unflagged drafts for new products", value: "unflagged_new_products" },
                      { label: "Every unflagged draft", value: "unflagged" },
                    ]}
                    value={v.autoApprove}
                    onChange={(autoApprove) => setV((s) => ({ ...s, autoApprove }))}
                  />
                  <Checkbox
                    label="Write drafts for new products"
                    helpText="When a product is created in Shopify"
                    checked={flags.draftNewProducts}
                    onChange={(on) => setFlags((f) => ({ ...f, draftNewProducts: on }))}
                  />
                  <TextField
                    label="Refresh SEO titles and meta descriptions every (days)"
                    type="number"
                    {...text("seoRefreshDays")}
                    helpText="0: never (the default)"
                  />
                  <Checkbox
                    label="Suggest better URL handles"
                    helpText="Published with a redirect from the old URL"
                    checked={flags.suggestHandle}
                    onChange={(on) => setFlags((f) => ({ ...f, suggestHandle: on }))}
                  />
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection
              title="Claude"
              description={
                provider === "claude"
                  ? "ANTHROPIC_API_KEY is set: drafts are written by Claude."
                  : "No ANTHROPIC_API_KEY is set: drafts are written offline from each product's data."
              }
            >
              <Card>
                <FormLayout>
                  <TextField label="Model for bulk runs" {...text("bulkModel")} />
                  <TextField label="Stronger model, on request" {...text("reviewModel")} />
                  <TextField label="Model calls at once" type="number" {...text("concurrency")} />
                  <Checkbox
                    label="Send bulk runs through the Message Batches API"
                    helpText="Half the price, results within hours"
                    checked={flags.useBatches}
                    onChange={(on) => setFlags((f) => ({ ...f, useBatches: on }))}
                  />
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
          </Layout>
          <InlineStack align="end">
            <Button submit variant="primary" loading={saving}>
              Save
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Page>
  );
}
