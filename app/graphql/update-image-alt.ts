// Alt text of product images (MediaImage files).
// https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/fileUpdate
export const UpdateImageAltMutation = `#graphql
  mutation UpdateImageAlt($files: [FileUpdateInput!]!) {
    fileUpdate(files: $files) {
      files {
        id
        alt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;
