// One page of the shop's collections, for the full sync: a collection with
// no products appears in no product's export, yet a rule may name it.
// https://shopify.dev/docs/api/admin-graphql/2026-07/queries/collections
export const CollectionsQuery = `#graphql
  query Collections($after: String) {
    collections(first: 250, after: $after) {
      nodes {
        id
        title
        handle
        updatedAt
        ruleSet {
          appliedDisjunctively
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
