import { BlockStack, Box, Card, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/**
 * A card whose content runs edge to edge (tables, lists) under a padded
 * title and optional description, as Polaris index pages lay them out.
 */
export function TableCard({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Card padding="0">
      <Box padding="400" paddingBlockEnd={description ? "200" : "400"}>
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          {description ? (
            <Text as="p" variant="bodySm" tone="subdued">
              {description}
            </Text>
          ) : null}
        </BlockStack>
      </Box>
      {children}
    </Card>
  );
}
