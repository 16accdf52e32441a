import { useFetcher } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { Autocomplete, Text, Thumbnail } from "@shopify/polaris";
import { formatMoney } from "../lib/money";
import { PRODUCT_PLACEHOLDER } from "./illustrations";

export interface PickedProduct {
  id: string;
  title: string;
  imageUrl: string | null;
}

interface ProductOption extends PickedProduct {
  vendor: string;
  price: string;
  skus: string;
  status: string;
  unavailable: boolean;
}

const STATUS_WORDS: Record<string, string> = { ACTIVE: "Active", DRAFT: "Draft", ARCHIVED: "Archived", UNLISTED: "Unlisted" };

/** "SKU MUG-RED-01 · £12.50 · Draft": what tells products with one title apart. */
export function productFacts(p: Pick<ProductOption, "skus" | "price" | "status">, moneyFormat: string): string {
  return [p.skus ? `SKU ${p.skus}` : "No SKU", formatMoney(p.price, moneyFormat), STATUS_WORDS[p.status] ?? (p.status || "Unknown status")].join(" · ");
}

export const PRODUCT_SEARCH_URL = "/app/recommendations/products";

/**
 * Picks one of the shop's products by title. Polaris's Autocomplete over
 * Aisle's copy of the catalog: App Bridge's resource picker would need the
 * Shopify admin around the app, which the demo does not have. Posts the
 * product id under `name`.
 */
export function ProductPicker({
  label,
  name,
  value,
  onChange,
  error,
  helpText,
  placeholder = "Search products by title",
  clearable = false,
}: {
  label: string;
  name?: string;
  value: PickedProduct | null;
  onChange: (product: PickedProduct | null) => void;
  error?: string;
  helpText?: string;
  placeholder?: string;
  clearable?: boolean;
}) {
  const fetcher = useFetcher<{ products: ProductOption[]; moneyFormat: string }>();
  const [input, setInput] = useState(value?.title ?? "");
  const [typed, setTyped] = useState(false);
  const loaded = useRef(false);

  // Show the chosen product's title when the value changes from outside. Set
  // while rendering, as React advises for state that follows a prop
  // (https://react.dev/learn/you-might-not-need-an-effect#adjusting-some-state-when-a-prop-changes).
  const shown = `${value?.id ?? ""}\n${value?.title ?? ""}`;
  const [lastShown, setLastShown] = useState(shown);
  if (shown !== lastShown) {
    setLastShown(shown);
    setInput(value?.title ?? "");
    setTyped(false);
  }

  // Search as staff type, a moment after they stop.
  useEffect(() => {
    if (!typed && loaded.current) return;
    const timer = setTimeout(
      () => {
        loaded.current = true;
        fetcher.load(`${PRODUCT_SEARCH_URL}?q=${encodeURIComponent(typed ? input : "")}`);
      },
      typed ? 250 : 0,
    );
    return () => clearTimeout(timer);
    // fetcher.load is stable; re-running on the fetcher object would loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [input, typed]);

  const products = useMemo(() => fetcher.data?.products ?? [], [fetcher.data]);
  const options = products.map((p) => ({
    value: p.id,
    label: (
      <span style={{ display: "block" }}>
        <Text as="span" variant="bodyMd">
          {p.title}
        </Text>
        <Text as="span" variant="bodySm" tone="subdued">
          <span style={{ display: "block" }}>{productFacts(p, fetcher.data?.moneyFormat ?? "${{amount}}")}</span>
        </Text>
      </span>
    ),
    media: <Thumbnail size="extraSmall" source={p.imageUrl ?? PRODUCT_PLACEHOLDER} alt="" />,
  }));

  const select = (ids: string[]) => {
    const picked = products.find((p) => p.id === ids[0]);
    if (!picked) return;
    onChange({ id: picked.id, title: picked.title, imageUrl: picked.imageUrl });
    setInput(picked.title);
    setTyped(false);
  };

  return (
    <>
      {name ? <input type="hidden" name={name} value={value?.id ?? ""} /> : null}
      <Autocomplete
        options={options}
        selected={value ? [value.id] : []}
        onSelect={select}
        loading={fetcher.state === "loading"}
        emptyState={
          <div style={{ padding: "var(--p-space-300)" }}>
            <Text as="p" tone="subdued">
              {fetcher.state === "loading" ? "Searching…" : "No product matches"}
            </Text>
          </div>
        }
        textField={
          <Autocomplete.TextField
            label={label}
            value={input}
            onChange={(text) => {
              setInput(text);
              setTyped(true);
              if (!text && value) onChange(null);
            }}
            placeholder={placeholder}
            autoComplete="off"
            error={error}
            helpText={helpText}
            clearButton={clearable}
            onClearButtonClick={() => {
              setInput("");
              onChange(null);
            }}
            prefix={value ? <Thumbnail size="extraSmall" source={value.imageUrl ?? PRODUCT_PLACEHOLDER} alt="" /> : undefined}
          />
        }
      />
    </>
  );
}
