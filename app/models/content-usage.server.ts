import prisma from "../db.server";

/** Tokens and cost of the shop's model calls, per calendar month (UTC), newest first. */
export async function usageByMonth(shopId: string, months = 6) {
  const since = new Date();
  since.setUTCDate(1);
  since.setUTCHours(0, 0, 0, 0);
  since.setUTCMonth(since.getUTCMonth() - (months - 1));
  const rows = await prisma.contentUsage.findMany({
    where: { shopId, createdAt: { gte: since } },
    select: { createdAt: true, inputTokens: true, outputTokens: true, cacheReadTokens: true, cacheWriteTokens: true, costUsd: true },
  });
  const byMonth = new Map<string, { month: string; calls: number; inputTokens: number; outputTokens: number; cacheReadTokens: number; costUsd: number }>();
  for (const r of rows) {
    const month = r.createdAt.toISOString().slice(0, 7);
    const m = byMonth.get(month) ?? { month, calls: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, costUsd: 0 };
    m.calls++;
    m.inputTokens += r.inputTokens + r.cacheWriteTokens;
    m.outputTokens += r.outputTokens;
    m.cacheReadTokens += r.cacheReadTokens;
    m.costUsd += r.costUsd;
    byMonth.set(month, m);
  }
  return [...byMonth.values()].sort((a, b) => b.month.localeCompare(a.month));
}
