// The inner query of the products bulk import. Bulk queries use
// edges/node; nested connections come back as separate JSONL lines with
// __parentId (app/services/sync/bulk-import.server.ts). A product's
// collections come with it (rules by collection: docs/decisions/0021-collections.md),
// and so do its options (product families: docs/decisions/0014-one-ranking-path.md).
export const BulkProductsQuery = `#graphql
  query BulkProducts {
    products {
      edges {
        node {
          id
          title
          handle
          descriptionHtml
          vendor
          productType
          status
          tags
          options {
            name
            values
          }
          isGiftCard
          tracksInventory
          createdAt
          updatedAt
          seo {
            title
            description
          }
          variants {
            edges {
              node {
                id
                title
                sku
                price
                compareAtPrice
                inventoryQuantity
                availableForSale
                position
              }
            }
          }
          media {
            edges {
              node {
                id
                mediaContentType
                alt
                preview {
                  image {
                    url
                  }
                }
              }
            }
          }
          collections {
            edges {
              node {
                id
                title
                handle
                updatedAt
                ruleSet {
                  appliedDisjunctively
                }
              }
            }
          }
        }
      }
    }
  }
`;
