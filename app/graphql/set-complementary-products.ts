// Search & Discovery reads complementary products from this metafield, so the
// theme's native "complementary products" block shows what staff approved.
// https://help.shopify.com/en/manual/online-store/search-and-discovery/product-recommendations
export const COMPLEMENTARY_NAMESPACE = "shopify--discovery--product_recommendation";
export const COMPLEMENTARY_KEY = "complementary_products";

export const SetComplementaryProductsMutation = `#graphql
  mutation SetComplementaryProducts($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
        namespace
        key
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

// A product left with no approved complements: its metafield is deleted
// rather than set to an empty list.
export const DeleteComplementaryProductsMutation = `#graphql
  mutation DeleteComplementaryProducts($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        ownerId
        key
      }
      userErrors {
        field
        message
      }
    }
  }
`;
