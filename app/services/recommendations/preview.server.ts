import { z } from "zod";
import { describeProducts, type ProductCard } from "./products.server";
import { previewRecommendations } from "./serving.server";
import { STRATEGY_NAMES } from "./labels";

const id = z
  .string()
  .trim()
  .regex(/^\d{1,20}$/, "Shopify ids are numbers");

/** The preview form, as query parameters (so a preview can be shared as a link). */
export const previewQuerySchema = z.object({
  context: z.enum(["product", "cart", "home"]).catch("product"),
  productId: z
    .union([id, z.literal("")])
    .optional()
    .catch(undefined),
  customerId: z.string().trim().max(40).optional(),
  strategy: z.enum(STRATEGY_NAMES).catch("auto"),
});

export type PreviewQuery = z.infer<typeof previewQuerySchema>;

/**
 * What the storefront would show for a page (a product's, the cart's with
 * that product, or the home page) and, optionally, a signed-in customer.
 * Asks serving itself, so the preview cannot drift from what shoppers get.
 */
export async function previewForStaff(shopId: string, query: PreviewQuery) {
  const productId = query.productId || undefined;
  const product: ProductCard | null = productId ? (await describeProducts(shopId, [productId]))[productId] : null;
  const errors: { productId?: string; customerId?: string } = {};
  if (productId && product?.missing) errors.productId = `This shop has no product ${productId}.`;
  if (query.customerId && !/^\d{1,20}$/.test(query.customerId)) errors.customerId = "A Shopify customer id is a number, e.g. 7058239102";
  if (query.context !== "home" && !productId && !errors.productId) return { product, errors, result: null };
  if (errors.productId || errors.customerId) return { product, errors, result: null };
  const result = await previewRecommendations(shopId, {
    context: query.context,
    productId: query.context === "product" ? productId : undefined,
    cart: query.context === "cart" && productId ? [productId] : [],
    customerId: query.customerId || undefined,
    strategy: query.strategy,
    limit: 8,
  });
  return { product, errors, result };
}
