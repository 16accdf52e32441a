// Model calls at once per shop, within this process: a shop's bulk run cannot
// take every slot of the worker, and a shop stays inside the rate its API
// tier allows. (Across worker processes each one applies the limit.)

const slots = new Map<string, { active: number; waiting: (() => void)[] }>();

export async function withShopSlot<T>(shopId: string, limit: number, fn: () => Promise<T>): Promise<T> {
  let state = slots.get(shopId);
  if (!state) slots.set(shopId, (state = { active: 0, waiting: [] }));
  const s = state;
  if (s.active >= limit) await new Promise<void>((resolve) => s.waiting.push(resolve));
  else s.active++;
  try {
    return await fn();
  } finally {
    const next = s.waiting.shift();
    if (next) next();
    else {
      s.active--;
      if (s.active === 0) slots.delete(shopId);
    }
  }
}
