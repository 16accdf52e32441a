// Order, LineItem and Customer. Only ids, dates, money and quantities are
// kept; every personal field (names, email, phone, addresses) is null.
// https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Order

import { gid } from "../../gid.js";
import { fromCents, toCents } from "../../money.js";
import type { CustomerRecord, LineItemRecord, OrderRecord } from "../../store.js";
import { listConnection, paginate, sortForPaging, type PageArgs } from "../connection.js";
import type { FieldResolvers, RequestContext } from "../context.js";
import { compileSearch, type SearchSpec } from "../search-query.js";
import { money, moneyBag, uint64 } from "./common.js";

export const orderSearch: SearchSpec<OrderRecord> = {
  text: (o) => `${o.name} ${o.lineItems.map((li) => li.sku ?? "").join(" ")}`,
  fields: {
    id: { kind: "number", get: (o) => o.id },
    name: { kind: "text", get: (o) => [o.name, o.name.replace(/^#/, "")] },
    created_at: { kind: "date", get: (o) => o.createdAt },
    updated_at: { kind: "date", get: (o) => o.updatedAt },
    processed_at: { kind: "date", get: (o) => o.processedAt },
    financial_status: { kind: "enum", get: (o) => o.financialStatus.toLowerCase() },
    fulfillment_status: {
      kind: "enum",
      get: (o) =>
        o.fulfillmentStatus === "FULFILLED"
          ? ["shipped", "fulfilled"]
          : o.fulfillmentStatus === "PARTIALLY_FULFILLED"
            ? ["partial"]
            : ["unshipped", "unfulfilled"],
    },
    status: { kind: "enum", get: (o) => (o.cancelledAt ? ["cancelled", "closed"] : ["open"]) },
    customer_id: { kind: "number", get: (o) => o.customerId },
    sku: { kind: "text", get: (o) => o.lineItems.map((li) => li.sku ?? "") },
    tag: { kind: "text", get: (o) => o.tags },
    test: { kind: "boolean", get: () => false },
  },
};

export const customerSearch: SearchSpec<CustomerRecord> = {
  text: (c) => String(c.id),
  fields: {
    id: { kind: "number", get: (c) => c.id },
    created_at: { kind: "date", get: (c) => c.createdAt },
    updated_at: { kind: "date", get: (c) => c.updatedAt },
    orders_count: { kind: "number", get: (c) => c.numberOfOrders },
    number_of_orders: { kind: "number", get: (c) => c.numberOfOrders },
    tag: { kind: "text", get: (c) => c.tags },
  },
};

/** OrderSortKeys -> the value orders are ordered by. */
export function orderSortValue(sortKey: unknown): ((o: OrderRecord) => string | number) | undefined {
  switch (sortKey) {
    case "CREATED_AT":
      return (o) => o.createdAt;
    case "UPDATED_AT":
      return (o) => o.updatedAt;
    case "PROCESSED_AT":
      return (o) => o.processedAt;
    case "ORDER_NUMBER":
      return (o) => Number(o.name.replace(/\D/g, "")) || 0;
    case "TOTAL_PRICE":
      return (o) => o.lineItems.reduce((sum, li) => sum + toCents(li.price) * li.quantity, 0);
    case "TOTAL_ITEMS_QUANTITY":
      return (o) => o.lineItems.reduce((sum, li) => sum + li.quantity, 0);
    case "FINANCIAL_STATUS":
      return (o) => o.financialStatus;
    case "FULFILLMENT_STATUS":
      return (o) => o.fulfillmentStatus;
    default:
      return undefined; // ID, RELEVANCE and the keys that sort on personal data
  }
}

export function customerSortValue(sortKey: unknown): ((c: CustomerRecord) => string | number) | undefined {
  switch (sortKey) {
    case "CREATED_AT":
      return (c) => c.createdAt;
    case "UPDATED_AT":
      return (c) => c.updatedAt;
    default:
      return undefined;
  }
}

function currency(ctx: RequestContext): string {
  return ctx.shop.store.settings.currencyCode;
}

function totals(o: OrderRecord) {
  let cents = 0;
  let quantity = 0;
  for (const li of o.lineItems) {
    cents += toCents(li.price) * li.quantity;
    quantity += li.quantity;
  }
  return { total: fromCents(cents), quantity };
}

const zero = (o: OrderRecord) => moneyBag("0.00", o.currencyCode);

export const Order: FieldResolvers<OrderRecord> = {
  id: (o) => gid("Order", o.id),
  customAttributes: (o) => (o.customAttributes ?? []).map((a) => ({ __typename: "Attribute", key: a.key, value: a.value })),
  legacyResourceId: (o) => uint64(o.id),
  displayFinancialStatus: (o) => o.financialStatus,
  displayFulfillmentStatus: (o) => o.fulfillmentStatus,
  presentmentCurrencyCode: (o) => o.currencyCode,
  totalPriceSet: (o) => moneyBag(totals(o).total, o.currencyCode),
  currentTotalPriceSet: (o) => moneyBag(o.cancelledAt ? "0.00" : totals(o).total, o.currencyCode),
  originalTotalPriceSet: (o) => moneyBag(totals(o).total, o.currencyCode),
  subtotalPriceSet: (o) => moneyBag(totals(o).total, o.currencyCode),
  currentSubtotalPriceSet: (o) => moneyBag(o.cancelledAt ? "0.00" : totals(o).total, o.currencyCode),
  totalReceivedSet: (o) => moneyBag(o.financialStatus === "PAID" ? totals(o).total : "0.00", o.currencyCode),
  netPaymentSet: (o) => moneyBag(o.financialStatus === "PAID" ? totals(o).total : "0.00", o.currencyCode),
  totalPrice: (o) => totals(o).total,
  subtotalPrice: (o) => totals(o).total,
  totalDiscountsSet: zero,
  currentTotalDiscountsSet: zero,
  totalTaxSet: zero,
  currentTotalTaxSet: zero,
  totalShippingPriceSet: zero,
  currentShippingPriceSet: zero,
  totalRefundedSet: zero,
  totalOutstandingSet: zero,
  subtotalLineItemsQuantity: (o) => totals(o).quantity,
  currentSubtotalLineItemsQuantity: (o) => (o.cancelledAt ? 0 : totals(o).quantity),
  customer: (o, _a, ctx) => (o.customerId === null ? null : (ctx.shop.store.customer(o.customerId) ?? null)),
  lineItems: (o, args, ctx) => listConnection(o.lineItems, args as PageArgs, ctx.unpaginated),
  closed: (o) => o.cancelledAt !== null,
  closedAt: (o) => o.cancelledAt,
  confirmed: () => true,
  test: () => false,
  fullyPaid: (o) => o.financialStatus === "PAID",
  unpaid: (o) => o.financialStatus === "PENDING",
  email: () => null,
  phone: () => null,
  sourceName: () => "web",
  customerAcceptsMarketing: () => false,
  taxesIncluded: () => true,
  discountCodes: () => [],
  paymentGatewayNames: () => ["manual"],
  metafield: () => null,
  metafields: (_o, args, ctx) => listConnection([], args as PageArgs, ctx.unpaginated),
  billingAddress: () => null,
  shippingAddress: () => null,
};

export const LineItem: FieldResolvers<LineItemRecord> = {
  id: (li) => gid("LineItem", li.id),
  name: (li) => (li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title),
  currentQuantity: (li, _a, ctx) => (ctx.shop.store.order(li.orderId)?.cancelledAt ? 0 : li.quantity),
  refundableQuantity: (li) => li.quantity,
  unfulfilledQuantity: () => 0,
  nonFulfillableQuantity: () => 0,
  fulfillableQuantity: () => 0,
  variant: (li, _a, ctx) => (li.variantId === null ? null : (ctx.shop.store.variant(li.variantId) ?? null)),
  product: (li, _a, ctx) => (li.productId === null ? null : (ctx.shop.store.product(li.productId) ?? null)),
  originalUnitPriceSet: (li, _a, ctx) => moneyBag(li.price, currency(ctx)),
  discountedUnitPriceSet: (li, _a, ctx) => moneyBag(li.price, currency(ctx)),
  discountedUnitPriceAfterAllDiscountsSet: (li, _a, ctx) => moneyBag(li.price, currency(ctx)),
  originalTotalSet: (li, _a, ctx) => moneyBag(fromCents(toCents(li.price) * li.quantity), currency(ctx)),
  discountedTotalSet: (li, _a, ctx) => moneyBag(fromCents(toCents(li.price) * li.quantity), currency(ctx)),
  totalDiscountSet: (_li, _a, ctx) => moneyBag("0.00", currency(ctx)),
  originalUnitPrice: (li) => li.price,
  discountedUnitPrice: (li) => li.price,
  isGiftCard: (li, _a, ctx) => (li.productId !== null && ctx.shop.store.product(li.productId)?.isGiftCard) || false,
  requiresShipping: () => true,
  taxable: () => true,
  restockable: () => true,
  merchantEditable: () => false,
  customAttributes: () => [],
  discountAllocations: () => [],
  taxLines: () => [],
  duties: () => [],
  image: () => null,
};

export const Customer: FieldResolvers<CustomerRecord> = {
  id: (c) => gid("Customer", c.id),
  legacyResourceId: (c) => uint64(c.id),
  numberOfOrders: (c) => uint64(c.numberOfOrders),
  amountSpent: (c, _a, ctx) => money(fromCents(c.amountSpentCents), currency(ctx)),
  displayName: (c) => `Customer ${c.id}`,
  firstName: () => null,
  lastName: () => null,
  email: () => null,
  phone: () => null,
  note: () => null,
  locale: () => "en",
  state: () => "ENABLED",
  verifiedEmail: () => false,
  validEmailAddress: () => false,
  taxExempt: () => false,
  taxExemptions: () => [],
  canDelete: () => false,
  dataSaleOptOut: () => false,
  addresses: () => [],
  defaultAddress: () => null,
  lifetimeDuration: (c) => `since ${c.createdAt.slice(0, 10)}`,
  lastOrder: (c, _a, ctx) => (c.lastOrderId === null ? null : (ctx.shop.store.order(c.lastOrderId) ?? null)),
  orders: (c, args, ctx) => {
    const search = compileSearch(args.query as string | undefined, orderSearch);
    const mine = ctx.shop.store.orderList().filter((o) => o.customerId === c.id && search.matches(o));
    const sortValue = orderSortValue(args.sortKey ?? "PROCESSED_AT");
    return paginate(sortForPaging(mine, sortValue), args as PageArgs, { unpaginated: ctx.unpaginated, sortValue });
  },
  metafield: () => null,
  metafields: (_c, args, ctx) => listConnection([], args as PageArgs, ctx.unpaginated),
};
