// The theme app extension's JavaScript as the CDN serves it: every script in
// extensions/aisle-theme/assets, each gzipped (level 9), summed. Budget: 10 KB
// compressed in total (extensions/aisle-theme/extension.test.ts enforces it).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { repo, writeResult } from "./lib/harness";

const BUDGET_GZ_BYTES = 10 * 1024;

export async function benchExtensionSize() {
  const dir = path.join(repo, "extensions", "aisle-theme", "assets");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".js"))
    .sort()
    .map((file) => {
      const bytes = readFileSync(path.join(dir, file));
      return { file, bytes: bytes.length, gz_bytes: gzipSync(bytes, { level: 9 }).length };
    });
  const jsGzBytes = files.reduce((sum, f) => sum + f.gz_bytes, 0);
  for (const f of files) console.log(`  ${f.file}: ${f.bytes} B, ${f.gz_bytes} B gzipped`);
  console.log(`  total: ${jsGzBytes} B gzipped (budget ${BUDGET_GZ_BYTES} B)`);
  writeResult("extension-size", { js_gz_bytes: jsGzBytes, js_bytes: files.reduce((s, f) => s + f.bytes, 0), budget_gz_bytes: BUDGET_GZ_BYTES, files });
  return { js_gz_bytes: jsGzBytes };
}
