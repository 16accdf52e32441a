// UrlRedirect: the online store's redirects. productUpdate adds one when a
// product gets a new handle with `redirectNewHandle: true`.
// https://shopify.dev/docs/api/admin-graphql/2026-07/objects/UrlRedirect
// https://shopify.dev/docs/api/admin-graphql/2026-07/queries/urlRedirects

import { gid } from "../../gid.js";
import type { UrlRedirectRecord } from "../../store.js";
import type { FieldResolvers } from "../context.js";
import type { SearchSpec } from "../search-query.js";

export const urlRedirectSearch: SearchSpec<UrlRedirectRecord> = {
  text: (r) => `${r.path} ${r.target}`,
  fields: {
    id: { kind: "number", get: (r) => r.id },
    path: { kind: "text", get: (r) => r.path },
    target: { kind: "text", get: (r) => r.target },
  },
};

/** UrlRedirectSortKeys: ID (the default, and RELEVANCE here) or PATH. */
export function urlRedirectSortValue(sortKey: unknown): ((r: UrlRedirectRecord) => string) | undefined {
  return sortKey === "PATH" ? (r) => r.path : undefined;
}

export const UrlRedirect: FieldResolvers<UrlRedirectRecord> = {
  id: (r) => gid("UrlRedirect", r.id),
};
