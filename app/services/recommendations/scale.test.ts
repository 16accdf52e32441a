// Training memory on generated catalogs of growing size: what the model and
// its data hold must grow about linearly with the catalog and the order
// lines (a dense item x item matrix or an all-pairs step would grow with the
// square). Each size trains in its own process (bench/recs-scale-run.ts).
import { execFileSync } from "node:child_process";
import path from "node:path";

const repo = path.resolve(import.meta.dirname, "..", "..", "..");

function run(products: number, lines: number) {
  const out = execFileSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", "bench/recs-scale-run.ts", "--products", String(products), "--lines", String(lines), "--requests", "200"],
    { cwd: repo, encoding: "utf8", env: { ...process.env, LOG_LEVEL: "warn" } },
  );
  return JSON.parse(out.trim().split("\n").pop()!) as {
    retained_mb: number;
    serve_cpu_ms_p99: number;
    products_with_buyers: number;
    with_collaborative_neighbours: number;
  };
}

describe("training at growing catalog sizes", () => {
  it("holds memory that grows about linearly, and gives every bought product collaborative neighbours", { timeout: 600_000 }, () => {
    const small = run(3_000, 60_000);
    const large = run(12_000, 240_000);
    // 4x the catalog and the lines: linear growth is about 4x the model's
    // memory (plus the fixed runtime), a quadratic step 16x.
    const growth = large.retained_mb / small.retained_mb;
    expect(growth).toBeGreaterThan(1.5);
    expect(growth).toBeLessThan(6);
    for (const r of [small, large]) expect(r.with_collaborative_neighbours).toBe(r.products_with_buyers);
  });
});
