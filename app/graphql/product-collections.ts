// The collections a product is in now: a product's tags, vendor or type
// decide its smart collections, and Shopify sends no collections/update when
// those change, only products/update (docs/decisions/0021-collections.md).
// https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Product#connection-collections
export const ProductCollectionsQuery = `#graphql
  query ProductCollections($id: ID!, $first: Int!, $after: String) {
    product(id: $id) {
      id
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
  }
`;
