import type { StoreData } from "../store.js";
import { tinyStore } from "./fixtures.js";
import { generatedStore, type GeneratedStoreOptions } from "./generated.js";
import { onlineRetailStore, type OnlineRetailOptions } from "./online-retail.js";

export { tinyStore } from "./fixtures.js";
export { generatedStore, type GeneratedStoreOptions } from "./generated.js";
export { loadOnlineRetail, onlineRetailStore, type OnlineRetailOptions } from "./online-retail.js";

/** What a shop can be seeded with: a named seed, or data of one's own. */
export type SeedName = "online-retail" | "generated" | "tiny" | "empty";
export type Seed = SeedName | StoreData;

export interface SeedOptions extends Pick<OnlineRetailOptions, "dataPath" | "since" | "until"> {
  maxProducts?: number;
  maxOrders?: number;
  /** Options of the generated seed (maxProducts/maxOrders also apply to it). */
  generated?: GeneratedStoreOptions;
}

export async function seedData(seed: Seed, options: SeedOptions = {}): Promise<StoreData> {
  if (typeof seed !== "string") return seed;
  switch (seed) {
    case "online-retail":
      return onlineRetailStore(options);
    case "generated":
      return generatedStore({
        ...options.generated,
        products: options.maxProducts ?? options.generated?.products,
        orders: options.maxOrders ?? options.generated?.orders,
      });
    case "tiny":
      return tinyStore();
    case "empty":
      return { products: [], customers: [], orders: [] };
    default:
      throw new Error(`Unknown seed "${String(seed)}": use online-retail, generated, tiny, empty or your own StoreData`);
  }
}
