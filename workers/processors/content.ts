import { UnrecoverableError, type Job } from "bullmq";
import { findShop } from "../../app/models/shops.server";
import { contentJobSchemas, type ContentJobName } from "../../app/queues/content.server";
import { adminForShop } from "../../app/services/admin-for-shop.server";
import { generateDraft } from "../../app/services/content/generate.server";
import { publishDraft, restoreVersion } from "../../app/services/content/publish.server";
import { expandRun, pollBatch, refreshSeo } from "../../app/services/content/runs.server";
import type { ShopifyAdmin } from "../../app/services/shopify-admin.server";
import { RequestError, ShopifyAccessError } from "../../app/lib/errors.server";

// One Admin API client per shop in this process, so concurrent publish jobs
// of a shop share what they know of its leaky bucket and wait for it together
// instead of each running into THROTTLED.
const admins = new Map<string, { admin: ShopifyAdmin; at: number }>();
async function sharedAdmin(domain: string): Promise<ShopifyAdmin> {
  const cached = admins.get(domain);
  if (cached && Date.now() - cached.at < 5 * 60_000) return cached.admin;
  const admin = await adminForShop(domain);
  admins.set(domain, { admin, at: Date.now() });
  return admin;
}

async function shopDomain(shopId: string) {
  const shop = await findShop(shopId);
  if (!shop) throw new UnrecoverableError(`shop ${shopId} no longer exists`);
  if (shop.uninstalledAt) throw new UnrecoverableError(`${shop.domain} has uninstalled the app`);
  return shop.domain;
}

/** Content studio jobs: generate, run (bulk), poll-batch, publish, restore, seo-refresh. */
export async function processContentJob(job: Job) {
  const name = job.name as ContentJobName;
  const schema = contentJobSchemas[name];
  if (!schema) throw new UnrecoverableError(`unknown content job ${job.name}`);
  try {
    switch (name) {
      case "generate": {
        const { shopId, draftId } = contentJobSchemas.generate.parse(job.data);
        return { outcome: await generateDraft(shopId, draftId) };
      }
      case "run": {
        const { shopId, runId } = contentJobSchemas.run.parse(job.data);
        return expandRun(shopId, runId);
      }
      case "poll-batch": {
        const { shopId, runId } = contentJobSchemas["poll-batch"].parse(job.data);
        return pollBatch(shopId, runId);
      }
      case "publish": {
        const { shopId, draftId, actor } = contentJobSchemas.publish.parse(job.data);
        return publishDraft(await sharedAdmin(await shopDomain(shopId)), shopId, draftId, actor);
      }
      case "restore": {
        const { shopId, versionId, actor } = contentJobSchemas.restore.parse(job.data);
        const version = await restoreVersion(await sharedAdmin(await shopDomain(shopId)), shopId, versionId, actor);
        return { versionId: version.id };
      }
      case "seo-refresh": {
        const { shopId } = contentJobSchemas["seo-refresh"].parse(job.data);
        const run = await refreshSeo(shopId);
        return { runId: run?.id ?? null };
      }
    }
  } catch (error) {
    if (error instanceof ShopifyAccessError || error instanceof RequestError) throw new UnrecoverableError(error.message);
    throw error;
  }
}
