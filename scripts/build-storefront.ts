// `npm run build:storefront`: the theme app extension's scripts, minified from
// their sources in storefront/ into extensions/aisle-theme/assets/ (what
// Shopify serves). The outputs are committed, as Shopify deploys the assets
// folder as it is; extension.test.ts fails when they are not this build of the
// sources. `--check` only reports stale outputs. docs/decisions/0019-storefront-blocks.md
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { transform } from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SOURCE_DIR = path.join(ROOT, "storefront");
export const ASSETS_DIR = path.join(ROOT, "extensions/aisle-theme/assets");

/** Each script as it is served: file name and minified text. */
export async function buildStorefrontScripts(): Promise<{ file: string; code: string }[]> {
  const files = readdirSync(SOURCE_DIR)
    .filter((file) => file.endsWith(".js"))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      // No target: the syntax ships as written (these scripts already run in
      // the browsers Shopify themes support); only whitespace, comments and
      // local names go.
      const { code } = await transform(readFileSync(path.join(SOURCE_DIR, file), "utf8"), {
        loader: "js",
        minify: true,
        legalComments: "none",
        charset: "utf8",
      });
      return { file, code: `/* Built from storefront/${file} */\n${code}` };
    }),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const { file, code } of await buildStorefrontScripts()) {
    const target = path.join(ASSETS_DIR, file);
    let current = "";
    try {
      current = readFileSync(target, "utf8");
    } catch {
      // not built yet
    }
    if (current === code) continue;
    stale += 1;
    if (check) process.stdout.write(`stale: extensions/aisle-theme/assets/${file}\n`);
    else writeFileSync(target, code);
  }
  process.stdout.write(check ? `${stale} stale script(s)\n` : `built ${stale} script(s) into extensions/aisle-theme/assets\n`);
  process.exit(check && stale ? 1 : 0);
}
