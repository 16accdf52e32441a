// One page of the shop's collections, for the full sync: a collection with
// no products appears in no product's export, yet a rule may name it.
// https://shopify.dev/docs/api/admin-graphql/2026-07/queries/collections
export const CollectionsQuery = `#graphql
  query Collections($first: Int!, $after: String) {
    collections(first: $first, after: $after) {
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
