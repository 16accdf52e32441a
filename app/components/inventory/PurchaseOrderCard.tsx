import { Form, useSubmit } from "@remix-run/react";
import { Button, Card, InlineStack, BlockStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

export interface PurchaseOrderLineView {
  variantShopifyId: string;
  title: string;
  sku: string | null;
  quantity: number;
  unitCost: number | null;
}

/**
 * One vendor's suggested order: quantities editable, exported as CSV (a
 * download from /app/inventory/po-csv) or marked as ordered (then they count
 * as incoming stock).
 */
export function PurchaseOrderCard({ vendor, lines, busy }: { vendor: string; lines: PurchaseOrderLineView[]; busy: boolean }) {
  const [quantities, setQuantities] = useState(() => lines.map((l) => String(l.quantity)));
  const submit = useSubmit();
  const formId = `po-${vendor.replace(/\W+/g, "-")}`;
  const total = lines.reduce((s, l, i) => s + (l.unitCost ?? 0) * (Number(quantities[i]) || 0), 0);
  return (
    <Card>
      <Form method="post" action="/app/inventory/po-csv" reloadDocument id={formId}>
        <input type="hidden" name="vendor" value={vendor} />
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {vendor}
            </Text>
            <Text as="span" variant="bodySm" tone="subdued">
              {lines.length} line{lines.length === 1 ? "" : "s"} · cost {total.toFixed(2)}
            </Text>
          </InlineStack>
          {lines.map((l, i) => (
            <InlineStack key={l.variantShopifyId} gap="300" blockAlign="center" wrap={false}>
              <input type="hidden" name="variant" value={l.variantShopifyId} />
              <input type="hidden" name="quantity" value={quantities[i]} />
              <div style={{ flex: 1 }}>
                <Text as="span">{l.title}</Text>
                <Text as="span" variant="bodySm" tone="subdued">
                  {l.sku ? ` · ${l.sku}` : ""}
                </Text>
              </div>
              <div style={{ width: 110 }}>
                <TextField
                  label={`Quantity of ${l.title}`}
                  labelHidden
                  type="number"
                  min={0}
                  value={quantities[i]}
                  onChange={(v) => setQuantities((q) => q.map((x, j) => (j === i ? v : x)))}
                  autoComplete="off"
                />
              </div>
            </InlineStack>
          ))}
          <InlineStack gap="200" align="end">
            <Button submit>Export CSV</Button>
            <Button
              variant="primary"
              loading={busy}
              onClick={() => {
                const form = new FormData(document.getElementById(formId) as HTMLFormElement);
                form.set("intent", "order");
                submit(form, { method: "post", action: "/app/inventory" });
              }}
            >
              Mark as ordered
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
