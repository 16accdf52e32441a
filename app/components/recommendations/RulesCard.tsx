import { useNavigation, useSubmit } from "@remix-run/react";
import type { ReactNode } from "react";
import { BlockStack, Box, Button, Card, InlineStack, Text } from "@shopify/polaris";

/** A card listing rules, each with what it does and a Remove button (the form's `deleteIntent` with the rule's id). */
export function RulesCard<T extends { id: string }>({
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
