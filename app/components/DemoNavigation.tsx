import { NavLink } from "@remix-run/react";
import { Badge, Box, InlineStack, Text } from "@shopify/polaris";

/**
 * In Shopify's admin, App Bridge's NavMenu draws the app's navigation in the
 * admin sidebar. The demo runs without Shopify's admin, so it draws the same
 * items as a bar of its own.
 */
export function DemoNavigation({ items, shopName }: { items: { to: string; label: string }[]; shopName: string }) {
  return (
    <Box background="bg-surface" borderBlockEndWidth="025" borderColor="border" paddingInline="600" paddingBlock="300">
      <InlineStack align="space-between" blockAlign="center" gap="400">
        <InlineStack gap="500" blockAlign="center">
          <Text as="span" variant="headingMd">
            Aisle
          </Text>
          <nav aria-label="Aisle">
            <InlineStack gap="400">
              {items.map((item) => (
                <NavLink
                  key={item.to}
                  to={item.to}
                  end={item.to === "/app"}
                  style={({ isActive }) => ({
                    color: isActive ? "var(--p-color-text)" : "var(--p-color-text-secondary)",
                    fontWeight: isActive ? 650 : 450,
                    textDecoration: "none",
                    borderBlockEnd: isActive ? "2px solid var(--p-color-border-emphasis)" : "2px solid transparent",
                    paddingBlock: "4px",
                  })}
                >
                  {item.label}
                </NavLink>
              ))}
            </InlineStack>
          </nav>
        </InlineStack>
        <InlineStack gap="200" blockAlign="center">
          <Text as="span" tone="subdued">
            {shopName}
          </Text>
          <Badge tone="info">Demo</Badge>
        </InlineStack>
      </InlineStack>
    </Box>
  );
}
