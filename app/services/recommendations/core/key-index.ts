import type { KeyIndex } from "./types";

/** A growable KeyIndex: the first time a key is seen it gets the next index. */
export class KeyIndexBuilder implements KeyIndex {
  readonly keys: string[] = [];
  private readonly map = new Map<string, number>();

  constructor(keys: Iterable<string> = []) {
    for (const k of keys) this.add(k);
  }

  add(key: string): number {
    let i = this.map.get(key);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(key);
      this.map.set(key, i);
    }
    return i;
  }

  indexOf(key: string): number | undefined {
    return this.map.get(key);
  }

  get size(): number {
    return this.keys.length;
  }
}
