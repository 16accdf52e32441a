import { randomBytes } from "node:crypto";
import prisma from "../../app/db.server";

/** A shop of its own for each test: every query is scoped by shop, so tests sharing one database stay apart. */
export async function createTestShop(overrides: { domain?: string; uninstalledAt?: Date | null } = {}) {
  const domain = overrides.domain ?? `test-${randomBytes(5).toString("hex")}.myshopify.com`;
  return prisma.shop.create({
    data: { domain, name: `Test ${domain}`, uninstalledAt: overrides.uninstalledAt ?? null },
    select: { id: true, domain: true },
  });
}
