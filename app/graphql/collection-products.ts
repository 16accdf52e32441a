// A collection and one page of its products' ids: the worker pages through
// them after collections/create or collections/update, whose payloads name
// no products (docs/decisions/0021-collections.md).
// https://shopify.dev/docs/api/admin-graphql/2026-07/queries/collection
export const CollectionProductsQuery = `#graphql
  query CollectionProducts($id: ID!, $first: Int!, $after: String) {
    collection(id: $id) {
      id
      title
      handle
      updatedAt
      ruleSet {
        appliedDisjunctively
      }
      products(first: $first, after: $after) {
        nodes {
          id
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;
