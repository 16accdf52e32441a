/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Node built-ins and native/ESM-only server deps stay external to the server bundle.
  serverDependenciesToBundle: [/^@shopify\/polaris.*/],
  future: {},
};
