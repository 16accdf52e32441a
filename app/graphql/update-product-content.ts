// Writes approved content to a product. A new handle is published with a
// redirect from the old URL (redirectNewHandle).
// https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/productUpdate
export const UpdateProductContentMutation = `#graphql
  mutation UpdateProductContent($product: ProductUpdateInput!) {
    productUpdate(product: $product) {
      product {
        id
        handle
        updatedAt
      }
      userErrors {
        field
        message
      }
    }
  }
`;
