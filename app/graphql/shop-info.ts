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

export interface ShopInfo {
  shop: { id: string; name: string; myshopifyDomain: string; currencyCode: string; currencyFormats: { moneyFormat: string } };
}
