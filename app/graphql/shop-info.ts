export const ShopInfoQuery = `#graphql
  query ShopInfo {
    shop {
      id
      name
      myshopifyDomain
      currencyCode
      currencyFormats {
        moneyFormat
      }
    }
  }
`;
