// A product's publishable content as Shopify holds it now: read before
// publishing a draft, so a change the merchant made after the draft was
// written is never overwritten (the draft is marked stale instead).
// https://shopify.dev/docs/api/admin-graphql/2026-07/queries/product
export const ProductContentQuery = `#graphql
  query ProductContent($id: ID!) {
    product(id: $id) {
      id
      handle
      descriptionHtml
      productType
      tags
      updatedAt
      seo {
        title
        description
      }
      media(first: 50) {
        nodes {
          id
          alt
        }
      }
    }
  }
`;
