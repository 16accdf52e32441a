// `npm run theme-check`: Shopify's Theme Check on the theme app extension, with
// its app-extension rules (chosen because the folder has shopify.extension.toml).
// Runs offline on the docs data bundled with @shopify/theme-check-node.
// Exits 1 when there are errors.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Severity, themeCheckRun, type Offense } from "@shopify/theme-check-node";

export const EXTENSION_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../extensions/aisle-theme");

const SEVERITY_NAMES: Record<number, string> = {
  [Severity.ERROR]: "error",
  [Severity.WARNING]: "warning",
  [Severity.INFO]: "info",
};

export async function runThemeCheck(root = EXTENSION_DIR): Promise<Offense[]> {
  // Theme Check logs each docs file it cannot fetch before using its bundled
  // copy; offline that is every file, and none of it is about the extension.
  const { offenses } = await themeCheckRun(root, undefined, () => {});
  return offenses;
}

export function formatOffense(offense: Offense, root = EXTENSION_DIR): string {
  const file = path.relative(root, fileURLToPath(offense.uri));
  const where = `${file}:${offense.start.line + 1}:${offense.start.character + 1}`;
  return `${where} ${SEVERITY_NAMES[offense.severity] ?? offense.severity} ${offense.check}: ${offense.message}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = process.argv[2] ? path.resolve(process.argv[2]) : EXTENSION_DIR;
  const offenses = await runThemeCheck(root);
  for (const offense of offenses) process.stdout.write(`${formatOffense(offense, root)}\n`);
  const errors = offenses.filter((offense) => offense.severity === Severity.ERROR).length;
  process.stdout.write(`Theme Check: ${path.relative(process.cwd(), root) || "."}: ${errors} error(s), ${offenses.length - errors} other offense(s)\n`);
  process.exit(errors ? 1 : 0);
}
