// The standard product rating metafields, which themes read to show stars and
// which Shopify's search-engine data uses: reviews.rating (a rating with
// scale_min/scale_max) and reviews.rating_count (an integer).
// https://shopify.dev/docs/apps/build/custom-data/metafield-definitions/standard-definitions
export const SetProductRatingsMutation = `#graphql
  mutation SetProductRatings($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
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
