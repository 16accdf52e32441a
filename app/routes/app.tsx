import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppShellProvider } from "../components/AppShellProvider";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { authenticateAdmin } from "../services/admin-auth.server";
import { DemoNavigation } from "../components/DemoNavigation";
import { NowProvider } from "../components/time";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { apiKey, demo, shop } = await authenticateAdmin(request);
  // renderedAt: relative times print the same words on the server and while the browser hydrates.
  return json({ apiKey, demo, shopName: shop.name ?? shop.domain, renderedAt: Date.now() });
};

export const NAV_ITEMS = [
  { to: "/app", label: "Dashboard" },
  { to: "/app/recommendations", label: "Recommendations" },
  { to: "/app/reviews", label: "Reviews" },
  { to: "/app/inventory", label: "Inventory" },
  { to: "/app/content", label: "Content studio" },
  { to: "/app/privacy", label: "Privacy requests" },
  { to: "/app/settings", label: "Settings" },
];

export default function App() {
  const { apiKey, demo, shopName, renderedAt } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  return (
    <AppShellProvider isEmbeddedApp={!demo} apiKey={apiKey}>
      {/* Without App Bridge (demo), <ui-nav-menu> is an unknown element whose links would show as bare text. */}
      {demo ? (
        <DemoNavigation items={NAV_ITEMS} shopName={shopName} />
      ) : (
        <NavMenu>
          <Link to={`/app${search}`} rel="home">
            Dashboard
          </Link>
          {NAV_ITEMS.slice(1).map((item) => (
            <Link key={item.to} to={`${item.to}${search}`}>
              {item.label}
            </Link>
          ))}
        </NavMenu>
      )}
      <NowProvider renderedAt={renderedAt}>
        <Outlet />
      </NowProvider>
    </AppShellProvider>
  );
}

// Shopify needs Remix to catch some thrown responses, so that their headers are included in the response.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
