// One Admin API version everywhere, and operation types generated from the
// schema the repository carries (docs/decisions/0010-admin-api-version.md).
import fs from "node:fs";
import path from "node:path";
import { generate, type CodegenConfig } from "@graphql-codegen/cli";
import codegenConfig, { ADMIN_API_VERSION as CODEGEN_API_VERSION } from "../../.graphqlrc";
import { readAppConfig } from "../shopify-local/app-config.js";
import { ADMIN_API_VERSION as LOCAL_SHOPIFY_API_VERSION, repoRoot } from "../shopify-local/paths.js";

describe("the Admin API version", () => {
  it("is the same for the app, its webhooks, codegen and the local Shopify", async () => {
    const { API_VERSION } = await import("../../app/shopify.server");
    expect({
      app: API_VERSION,
      webhooks: readAppConfig().webhooksApiVersion,
      codegen: CODEGEN_API_VERSION,
      localShopify: LOCAL_SHOPIFY_API_VERSION,
    }).toEqual({ app: "2026-07", webhooks: "2026-07", codegen: "2026-07", localShopify: "2026-07" });
    expect(fs.existsSync(path.join(repoRoot, "app", "types", `admin-${API_VERSION}.schema.json.gz`))).toBe(true);
  });

  it("has the committed operation types that codegen makes of app/graphql today (npm run graphql-codegen)", async () => {
    const codegen = codegenConfig.projects.default.extensions!.codegen as CodegenConfig;
    // Without watch mode generate() resolves to the files (its typing says any).
    const files: { filename: string; content: string }[] = await generate({ ...codegen, cwd: repoRoot, silent: true }, false);
    expect(files.map((f) => path.normalize(f.filename)).sort()).toEqual([
      path.join("app", "types", "admin.generated.d.ts"),
      path.join("app", "types", "admin.types.d.ts"),
    ]);
    for (const file of files) {
      const committed = fs.readFileSync(path.join(repoRoot, file.filename), "utf8");
      // toBe would print two 4 MB strings; say which file is stale instead.
      expect(committed === file.content, `${file.filename} is stale: run npm run graphql-codegen`).toBe(true);
    }
  }, 120_000);
});
