// Bundles the worker process (workers/index.ts and the app code it shares)
// into build/worker/index.js for production; dependencies stay in node_modules.
import { build } from "esbuild";

await build({
  entryPoints: ["workers/index.ts"],
  outfile: "build/worker/index.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
console.log("built build/worker/index.js");
