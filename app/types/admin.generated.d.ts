/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type BulkOperationRunQueryMutationVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type BulkOperationRunQueryMutation = { bulkOperationRunQuery?: AdminTypes.Maybe<{ bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.BulkOperationUserError, 'field' | 'message'>> }> };

export type BulkOperationStatusQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type BulkOperationStatusQuery = { node?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status' | 'errorCode' | 'objectCount' | 'url' | 'partialDataUrl'>> };

export type BulkOrdersQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type BulkOrdersQuery = { orders: { edges: Array<{ node: (
        Pick<AdminTypes.Order, 'id' | 'name' | 'processedAt' | 'createdAt' | 'updatedAt' | 'cancelledAt' | 'displayFinancialStatus' | 'currencyCode'>
        & { totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id'>>, customAttributes: Array<Pick<AdminTypes.Attribute, 'key' | 'value'>>, lineItems: { edges: Array<{ node: (
              Pick<AdminTypes.LineItem, 'id' | 'title' | 'quantity' | 'sku'>
              & { variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>>, product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>>, originalUnitPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
            ) }> } }
      ) }> } };

export type BulkProductsQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type BulkProductsQuery = { products: { edges: Array<{ node: (
        Pick<AdminTypes.Product, 'id' | 'title' | 'handle' | 'descriptionHtml' | 'vendor' | 'productType' | 'status' | 'tags' | 'isGiftCard' | 'tracksInventory' | 'createdAt' | 'updatedAt'>
        & { options: Array<Pick<AdminTypes.ProductOption, 'name' | 'values'>>, seo: Pick<AdminTypes.Seo, 'title' | 'description'>, variants: { edges: Array<{ node: Pick<AdminTypes.ProductVariant, 'id' | 'title' | 'sku' | 'price' | 'compareAtPrice' | 'inventoryQuantity' | 'availableForSale' | 'position'> }> }, media: { edges: Array<{ node: (
              Pick<AdminTypes.ExternalVideo, 'id' | 'mediaContentType' | 'alt'>
              & { preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }> }
            ) | (
              Pick<AdminTypes.MediaImage, 'id' | 'mediaContentType' | 'alt'>
              & { preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }> }
            ) | (
              Pick<AdminTypes.Model3d, 'id' | 'mediaContentType' | 'alt'>
              & { preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }> }
            ) | (
              Pick<AdminTypes.Video, 'id' | 'mediaContentType' | 'alt'>
              & { preview?: AdminTypes.Maybe<{ image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }> }
            ) }> }, collections: { edges: Array<{ node: (
              Pick<AdminTypes.Collection, 'id' | 'title' | 'handle' | 'updatedAt'>
              & { ruleSet?: AdminTypes.Maybe<Pick<AdminTypes.CollectionRuleSet, 'appliedDisjunctively'>> }
            ) }> } }
      ) }> } };

export type CollectionProductsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type CollectionProductsQuery = { collection?: AdminTypes.Maybe<(
    Pick<AdminTypes.Collection, 'id' | 'title' | 'handle' | 'updatedAt'>
    & { ruleSet?: AdminTypes.Maybe<Pick<AdminTypes.CollectionRuleSet, 'appliedDisjunctively'>>, products: { nodes: Array<Pick<AdminTypes.Product, 'id'>>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
  )> };

export type CollectionsQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type CollectionsQuery = { collections: { nodes: Array<(
      Pick<AdminTypes.Collection, 'id' | 'title' | 'handle' | 'updatedAt'>
      & { ruleSet?: AdminTypes.Maybe<Pick<AdminTypes.CollectionRuleSet, 'appliedDisjunctively'>> }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type CurrentAppInstallationQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type CurrentAppInstallationQuery = { currentAppInstallation: Pick<AdminTypes.AppInstallation, 'id'> };

export type InventoryItemsQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type InventoryItemsQuery = { inventoryItems: { nodes: Array<(
      Pick<AdminTypes.InventoryItem, 'id' | 'sku' | 'tracked' | 'updatedAt'>
      & { unitCost?: AdminTypes.Maybe<Pick<AdminTypes.MoneyV2, 'amount'>>, variant: Pick<AdminTypes.ProductVariant, 'id'>, inventoryLevels: { nodes: Array<(
          Pick<AdminTypes.InventoryLevel, 'updatedAt'>
          & { location: Pick<AdminTypes.Location, 'id'>, quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> }
        )> } }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type LocationsQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type LocationsQuery = { locations: { nodes: Array<Pick<AdminTypes.Location, 'id' | 'name' | 'isActive'>>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type ProductCollectionsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type ProductCollectionsQuery = { product?: AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id'>
    & { collections: { nodes: Array<(
        Pick<AdminTypes.Collection, 'id' | 'title' | 'handle' | 'updatedAt'>
        & { ruleSet?: AdminTypes.Maybe<Pick<AdminTypes.CollectionRuleSet, 'appliedDisjunctively'>> }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
  )> };

export type ProductContentQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ProductContentQuery = { product?: AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id' | 'handle' | 'descriptionHtml' | 'productType' | 'tags' | 'updatedAt'>
    & { seo: Pick<AdminTypes.Seo, 'title' | 'description'>, media: { nodes: Array<Pick<AdminTypes.ExternalVideo, 'id' | 'alt'> | Pick<AdminTypes.MediaImage, 'id' | 'alt'> | Pick<AdminTypes.Model3d, 'id' | 'alt'> | Pick<AdminTypes.Video, 'id' | 'alt'>> } }
  )> };

export type SetComplementaryProductsMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldsSetInput> | AdminTypes.MetafieldsSetInput;
}>;


export type SetComplementaryProductsMutation = { metafieldsSet?: AdminTypes.Maybe<{ metafields?: AdminTypes.Maybe<Array<Pick<AdminTypes.Metafield, 'id' | 'namespace' | 'key'>>>, userErrors: Array<Pick<AdminTypes.MetafieldsSetUserError, 'field' | 'message' | 'code'>> }> };

export type DeleteComplementaryProductsMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldIdentifierInput> | AdminTypes.MetafieldIdentifierInput;
}>;


export type DeleteComplementaryProductsMutation = { metafieldsDelete?: AdminTypes.Maybe<{ deletedMetafields?: AdminTypes.Maybe<Array<AdminTypes.Maybe<Pick<AdminTypes.MetafieldIdentifier, 'ownerId' | 'key'>>>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type SetProductRatingsMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldsSetInput> | AdminTypes.MetafieldsSetInput;
}>;


export type SetProductRatingsMutation = { metafieldsSet?: AdminTypes.Maybe<{ metafields?: AdminTypes.Maybe<Array<Pick<AdminTypes.Metafield, 'id' | 'key'>>>, userErrors: Array<Pick<AdminTypes.MetafieldsSetUserError, 'field' | 'message' | 'code'>> }> };

export type ShopInfoQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ShopInfoQuery = { shop: (
    Pick<AdminTypes.Shop, 'id' | 'name' | 'myshopifyDomain' | 'currencyCode'>
    & { currencyFormats: Pick<AdminTypes.CurrencyFormats, 'moneyFormat'> }
  ) };

export type UpdateImageAltMutationVariables = AdminTypes.Exact<{
  files: Array<AdminTypes.FileUpdateInput> | AdminTypes.FileUpdateInput;
}>;


export type UpdateImageAltMutation = { fileUpdate?: AdminTypes.Maybe<{ files?: AdminTypes.Maybe<Array<Pick<AdminTypes.ExternalVideo, 'id' | 'alt'> | Pick<AdminTypes.GenericFile, 'id' | 'alt'> | Pick<AdminTypes.MediaImage, 'id' | 'alt'> | Pick<AdminTypes.Model3d, 'id' | 'alt'> | Pick<AdminTypes.Video, 'id' | 'alt'>>>, userErrors: Array<Pick<AdminTypes.FilesUserError, 'field' | 'message' | 'code'>> }> };

export type UpdateProductContentMutationVariables = AdminTypes.Exact<{
  product: AdminTypes.ProductUpdateInput;
}>;


export type UpdateProductContentMutation = { productUpdate?: AdminTypes.Maybe<{ product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id' | 'handle' | 'updatedAt'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

interface GeneratedQueryTypes {
  "#graphql\n  query BulkOperationStatus($id: ID!) {\n    node(id: $id) {\n      ... on BulkOperation {\n        id\n        status\n        errorCode\n        objectCount\n        url\n        partialDataUrl\n      }\n    }\n  }\n": {return: BulkOperationStatusQuery, variables: BulkOperationStatusQueryVariables},
  "#graphql\n  query BulkOrders {\n    orders {\n      edges {\n        node {\n          id\n          name\n          processedAt\n          createdAt\n          updatedAt\n          cancelledAt\n          displayFinancialStatus\n          currencyCode\n          totalPriceSet {\n            shopMoney {\n              amount\n            }\n          }\n          customer {\n            id\n          }\n          customAttributes {\n            key\n            value\n          }\n          lineItems {\n            edges {\n              node {\n                id\n                title\n                quantity\n                sku\n                variant {\n                  id\n                }\n                product {\n                  id\n                }\n                originalUnitPriceSet {\n                  shopMoney {\n                    amount\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: BulkOrdersQuery, variables: BulkOrdersQueryVariables},
  "#graphql\n  query BulkProducts {\n    products {\n      edges {\n        node {\n          id\n          title\n          handle\n          descriptionHtml\n          vendor\n          productType\n          status\n          tags\n          options {\n            name\n            values\n          }\n          isGiftCard\n          tracksInventory\n          createdAt\n          updatedAt\n          seo {\n            title\n            description\n          }\n          variants {\n            edges {\n              node {\n                id\n                title\n                sku\n                price\n                compareAtPrice\n                inventoryQuantity\n                availableForSale\n                position\n              }\n            }\n          }\n          media {\n            edges {\n              node {\n                id\n                mediaContentType\n                alt\n                preview {\n                  image {\n                    url\n                  }\n                }\n              }\n            }\n          }\n          collections {\n            edges {\n              node {\n                id\n                title\n                handle\n                updatedAt\n                ruleSet {\n                  appliedDisjunctively\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: BulkProductsQuery, variables: BulkProductsQueryVariables},
  "#graphql\n  query CollectionProducts($id: ID!, $first: Int!, $after: String) {\n    collection(id: $id) {\n      id\n      title\n      handle\n      updatedAt\n      ruleSet {\n        appliedDisjunctively\n      }\n      products(first: $first, after: $after) {\n        nodes {\n          id\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": {return: CollectionProductsQuery, variables: CollectionProductsQueryVariables},
  "#graphql\n  query Collections($first: Int!, $after: String) {\n    collections(first: $first, after: $after) {\n      nodes {\n        id\n        title\n        handle\n        updatedAt\n        ruleSet {\n          appliedDisjunctively\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": {return: CollectionsQuery, variables: CollectionsQueryVariables},
  "#graphql\n  query CurrentAppInstallation {\n    currentAppInstallation {\n      id\n    }\n  }\n": {return: CurrentAppInstallationQuery, variables: CurrentAppInstallationQueryVariables},
  "#graphql\n  query InventoryItems($first: Int!, $after: String) {\n    inventoryItems(first: $first, after: $after) {\n      nodes {\n        id\n        sku\n        tracked\n        updatedAt\n        unitCost {\n          amount\n        }\n        variant {\n          id\n        }\n        inventoryLevels(first: 10, includeInactive: true) {\n          nodes {\n            location {\n              id\n            }\n            quantities(names: [\"available\", \"on_hand\", \"committed\", \"incoming\"]) {\n              name\n              quantity\n            }\n            updatedAt\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": {return: InventoryItemsQuery, variables: InventoryItemsQueryVariables},
  "#graphql\n  query Locations($first: Int!, $after: String) {\n    locations(first: $first, after: $after, includeInactive: true) {\n      nodes {\n        id\n        name\n        isActive\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": {return: LocationsQuery, variables: LocationsQueryVariables},
  "#graphql\n  query ProductCollections($id: ID!, $first: Int!, $after: String) {\n    product(id: $id) {\n      id\n      collections(first: $first, after: $after) {\n        nodes {\n          id\n          title\n          handle\n          updatedAt\n          ruleSet {\n            appliedDisjunctively\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": {return: ProductCollectionsQuery, variables: ProductCollectionsQueryVariables},
  "#graphql\n  query ProductContent($id: ID!) {\n    product(id: $id) {\n      id\n      handle\n      descriptionHtml\n      productType\n      tags\n      updatedAt\n      seo {\n        title\n        description\n      }\n      media(first: 50) {\n        nodes {\n          id\n          alt\n        }\n      }\n    }\n  }\n": {return: ProductContentQuery, variables: ProductContentQueryVariables},
  "#graphql\n  query ShopInfo {\n    shop {\n      id\n      name\n      myshopifyDomain\n      currencyCode\n      currencyFormats {\n        moneyFormat\n      }\n    }\n  }\n": {return: ShopInfoQuery, variables: ShopInfoQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation BulkOperationRunQuery($query: String!) {\n    bulkOperationRunQuery(query: $query, groupObjects: true) {\n      bulkOperation {\n        id\n        status\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: BulkOperationRunQueryMutation, variables: BulkOperationRunQueryMutationVariables},
  "#graphql\n  mutation SetComplementaryProducts($metafields: [MetafieldsSetInput!]!) {\n    metafieldsSet(metafields: $metafields) {\n      metafields {\n        id\n        namespace\n        key\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: SetComplementaryProductsMutation, variables: SetComplementaryProductsMutationVariables},
  "#graphql\n  mutation DeleteComplementaryProducts($metafields: [MetafieldIdentifierInput!]!) {\n    metafieldsDelete(metafields: $metafields) {\n      deletedMetafields {\n        ownerId\n        key\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: DeleteComplementaryProductsMutation, variables: DeleteComplementaryProductsMutationVariables},
  "#graphql\n  mutation SetProductRatings($metafields: [MetafieldsSetInput!]!) {\n    metafieldsSet(metafields: $metafields) {\n      metafields {\n        id\n        key\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: SetProductRatingsMutation, variables: SetProductRatingsMutationVariables},
  "#graphql\n  mutation UpdateImageAlt($files: [FileUpdateInput!]!) {\n    fileUpdate(files: $files) {\n      files {\n        id\n        alt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: UpdateImageAltMutation, variables: UpdateImageAltMutationVariables},
  "#graphql\n  mutation UpdateProductContent($product: ProductUpdateInput!) {\n    productUpdate(product: $product) {\n      product {\n        id\n        handle\n        updatedAt\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: UpdateProductContentMutation, variables: UpdateProductContentMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
