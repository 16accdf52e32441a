// Any Admin API call with the shop's token answers 401 once the app is
// uninstalled; this one is the cheapest that needs no access scope.
export const CurrentAppInstallationQuery = `#graphql
  query CurrentAppInstallation {
    currentAppInstallation {
      id
    }
  }
`;
