export const BulkOrdersQuery = `#graphql
  query BulkOrders {
    orders {
      edges {
        node {
          id
          name
          processedAt
          createdAt
          updatedAt
          cancelledAt
          displayFinancialStatus
          currencyCode
          totalPriceSet {
            shopMoney {
              amount
            }
          }
          customer {
            id
          }
          customAttributes {
            key
            value
          }
          lineItems {
            edges {
              node {
                id
                title
                quantity
                sku
                variant {
                  id
                }
                product {
                  id
                }
                originalUnitPriceSet {
                  shopMoney {
                    amount
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;
