// A tiny hand-made store for unit tests: every case a test may need, small
// enough to read at a glance.
//
//   products: 4 active (one on sale, one out of stock), 1 draft, 1 archived, 1 gift card;
//     the mug is split per colour (red, pink: two products with a Colour option each)
//   customers: 2
//   orders: 4 (one guest checkout, one cancelled)
//   collections: 1 smart (tag retrospot), 2 custom (one holds the draft, one is empty)

import type { StoreData } from "../store.js";
import { placeholderImagePath } from "./catalog.js";

export function tinyStore(): StoreData {
  return {
    shop: { name: "Tiny Test Shop", currencyCode: "GBP", moneyFormat: "£{{amount}}", moneyWithCurrencyFormat: "£{{amount}} GBP" },
    products: [
      {
        title: "Red Retrospot Mug",
        handle: "red-retrospot-mug",
        descriptionHtml: "<p>A <strong>red</strong> mug with white spots.</p>",
        vendor: "Dotty Home Co.",
        productType: "Kitchen & Dining",
        tags: ["kitchen-and-dining", "red", "retrospot"],
        options: [{ name: "Colour", values: ["Red"] }],
        createdAt: "2024-01-02T10:00:00Z",
        variants: [{ sku: "MUG-RED", price: "4.95", inventoryQuantity: 40 }],
        images: [{ url: placeholderImagePath("red-retrospot-mug"), alt: null }],
      },
      {
        title: "Retrospot Tea Towel",
        handle: "retrospot-tea-towel",
        descriptionHtml: "",
        vendor: "Dotty Home Co.",
        productType: "Kitchen & Dining",
        tags: ["kitchen-and-dining", "retrospot"],
        createdAt: "2024-01-03T10:00:00Z",
        variants: [{ sku: "TOWEL-RETRO", price: "2.95", compareAtPrice: "3.95", inventoryQuantity: 12 }],
        images: [{ url: placeholderImagePath("retrospot-tea-towel"), alt: "A folded tea towel with red spots" }],
      },
      {
        title: "Woodland Lantern",
        handle: "woodland-lantern",
        descriptionHtml: "<p>Metal lantern with a woodland cut-out.</p>",
        vendor: "Hearth & Home",
        productType: "Candles & Lighting",
        tags: ["candles-and-lighting"],
        createdAt: "2024-01-04T10:00:00Z",
        variants: [{ sku: "LANTERN-WOOD", price: "12.50", inventoryQuantity: 0 }],
        images: [{ url: placeholderImagePath("woodland-lantern"), alt: null }],
      },
      {
        title: "Draft Paper Bunting",
        handle: "draft-paper-bunting",
        status: "DRAFT",
        productType: "Party",
        createdAt: "2024-01-05T10:00:00Z",
        variants: [{ sku: "BUNTING-DRAFT", price: "3.25", inventoryQuantity: 30 }],
      },
      {
        title: "Archived Glass Bauble",
        handle: "archived-glass-bauble",
        status: "ARCHIVED",
        productType: "Christmas",
        createdAt: "2023-11-01T10:00:00Z",
        variants: [{ sku: "BAUBLE-OLD", price: "1.65", inventoryQuantity: 3 }],
      },
      {
        title: "Tiny Gift Card",
        handle: "tiny-gift-card",
        productType: "Gift Card",
        isGiftCard: true,
        createdAt: "2024-01-01T10:00:00Z",
        variants: [{ sku: "GIFT-10", price: "10.00" }],
      },
      {
        // The red mug in pink, published as a product of its own; not tagged retrospot, so the smart collection is the red one alone.
        title: "Pink Retrospot Mug",
        handle: "pink-retrospot-mug",
        descriptionHtml: "<p>A <strong>pink</strong> mug with white spots.</p>",
        vendor: "Dotty Home Co.",
        productType: "Kitchen & Dining",
        tags: ["kitchen-and-dining", "pink"],
        options: [{ name: "Colour", values: ["Pink"] }],
        createdAt: "2024-01-06T10:00:00Z",
        variants: [{ sku: "MUG-PINK", price: "4.95", inventoryQuantity: 25 }],
        images: [{ url: placeholderImagePath("pink-retrospot-mug"), alt: null }],
      },
    ],
    collections: [
      {
        title: "Retrospot",
        handle: "retrospot",
        rules: [{ column: "TAG", relation: "EQUALS", condition: "retrospot" }],
        updatedAt: "2024-01-10T10:00:00Z",
      },
      { title: "Gift wrap", handle: "gift-wrap", productSkus: ["GIFT-10", "BUNTING-DRAFT"], updatedAt: "2024-01-10T10:00:00Z" },
      { title: "Coming soon", handle: "coming-soon", productSkus: [], updatedAt: "2024-01-10T10:00:00Z" },
    ],
    customers: [
      { key: "ada", createdAt: "2024-02-01T09:00:00Z" },
      { key: "grace", createdAt: "2024-02-05T09:00:00Z" },
    ],
    orders: [
      {
        name: "#1001",
        processedAt: "2024-02-01T09:30:00Z",
        customer: "ada",
        lineItems: [
          { sku: "MUG-RED", quantity: 2 },
          { sku: "TOWEL-RETRO", quantity: 1 },
        ],
      },
      { name: "#1002", processedAt: "2024-02-05T09:30:00Z", customer: "grace", lineItems: [{ sku: "LANTERN-WOOD", quantity: 1 }] },
      { name: "#1003", processedAt: "2024-02-10T14:00:00Z", customer: null, lineItems: [{ sku: "MUG-RED", quantity: 1 }] },
      {
        name: "#1004",
        processedAt: "2024-03-01T11:00:00Z",
        customer: "ada",
        cancelledAt: "2024-03-01T12:00:00Z",
        cancelReason: "CUSTOMER",
        financialStatus: "REFUNDED",
        lineItems: [{ sku: "TOWEL-RETRO", quantity: 3 }],
      },
    ],
  };
}
