import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticateAdmin } from "../services/admin-auth.server";
import { purchaseOrderCsv, purchaseOrderFromForm } from "../services/forecast/inventory-page.server";

// A vendor's purchase order, as edited on the Inventory page, as a CSV download.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const parsed = purchaseOrderFromForm(await request.formData());
  if (!parsed.success) return new Response(`Cannot export this order: ${parsed.error.issues.map((i) => i.message).join("; ")}`, { status: 400 });
  let csv: string;
  try {
    csv = await purchaseOrderCsv(shop.id, parsed.data);
  } catch (error) {
    return new Response(`Cannot export this order: ${error instanceof Error ? error.message : String(error)}`, { status: 400 });
  }
  const name = `purchase-order-${parsed.data.vendor.replace(/[^\w-]+/g, "-").slice(0, 60)}.csv`;
  return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"` } });
};
