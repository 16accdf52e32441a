export const InventoryItemsQuery = `#graphql
  query InventoryItems($first: Int!, $after: String) {
    inventoryItems(first: $first, after: $after) {
      nodes {
        id
        sku
        tracked
        updatedAt
        unitCost {
          amount
        }
        variant {
          id
        }
        inventoryLevels(first: 10, includeInactive: true) {
          nodes {
            location {
              id
            }
            quantities(names: ["available", "on_hand", "committed", "incoming"]) {
              name
              quantity
            }
            updatedAt
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
