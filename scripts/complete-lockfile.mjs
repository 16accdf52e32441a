// Completes package-lock.json with the optional platform packages (other
// operating systems and CPUs) that npm leaves out when its registry does not
// offer them; `npm ci` refuses a lock without them. Run after changing
// dependencies: node scripts/complete-lockfile.mjs
import { execFileSync } from "node:child_process";
import fs from "node:fs";
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
const pk = lock.packages;
let added = 0;
for (const [key, entry] of Object.entries(pk)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = key ? key + "/node_modules/" : "node_modules/";
    // npm resolves from the nearest node_modules upward; check hoisted too.
    const candidates = [base + name, "node_modules/" + name];
    if (candidates.some((c) => pk[c])) continue;
    const view = (what) => {
      try {
        const out = JSON.parse(
          execFileSync("npm", ["view", what, "version", "dist", "os", "cpu", "libc", "license", "--json"], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
          }),
        );
        return Array.isArray(out) ? out[out.length - 1] : out;
      } catch {
        return null;
      }
    };
    // The exact version, or (when this registry lacks it) its platform facts
    // from another version and the tarball address every npm registry uses.
    const exact = view(`${name}@${spec}`);
    const m = exact ?? { ...view(name), version: spec, dist: { tarball: `https://registry.npmjs.org/${name}/-/${name.split("/").pop()}-${spec}.tgz` } };
    const e = { version: m.version, resolved: m.dist.tarball, ...(m.dist.integrity ? { integrity: m.dist.integrity } : {}) };
    if (m.cpu) e.cpu = m.cpu;
    if (m.license) e.license = m.license;
    if (m.libc) e.libc = m.libc;
    e.optional = true;
    if (m.os) e.os = m.os;
    if (m.engines) e.engines = m.engines;
    if (entry.dev) e.dev = true;
    if (entry.devOptional) e.devOptional = true;
    pk["node_modules/" + name] = e;
    added++;
    console.log("added", name, m.version);
  }
}
const sorted = Object.fromEntries(Object.entries(pk).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
lock.packages = sorted;
fs.writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
console.log("added", added);
