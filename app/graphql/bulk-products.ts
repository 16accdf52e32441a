// The inner query of the products bulk import. Bulk queries use
// edges/node; nested connections come back as separate JSONL lines with
// __parentId (app/services/sync/bulk-import.server.ts).
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
        }
      }
    }
  }
`;
