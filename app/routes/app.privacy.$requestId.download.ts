import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateAdmin } from "../services/admin-auth.server";
import { customerDataExportFile } from "../services/compliance/customer-requests.server";

// A customer's data export as a file, for staff of the shop it belongs to.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const file = await customerDataExportFile(shop.id, params.requestId ?? "");
  if (!file) throw new Response("No such data request", { status: 404 });
  return new Response(file.body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
};
