// https://shopify.dev/docs/api/usage/bulk-operations/queries
// Since 2026-01 Shopify no longer writes nested objects right after their
// parent unless asked to; the import streams the file and takes a parent as
// complete when the next one starts (app/services/sync/bulk-import.server.ts),
// so it asks for grouped output.
// https://shopify.dev/changelog/bulk-operations-group-objects-default-changed-to-false
export const BulkOperationRunQueryMutation = `#graphql
  mutation BulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: true) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
      }
    }
  }
`;
