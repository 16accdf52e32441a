import { forwardRef, useEffect, type ReactNode } from "react";
import { Link, useNavigate } from "@remix-run/react";
import { AppProvider as PolarisAppProvider } from "@shopify/polaris";
import englishI18n from "@shopify/polaris/locales/en.json";

// The same job as @shopify/shopify-app-remix/react's AppProvider: Polaris
// with Remix links, App Bridge's script when embedded, and App Bridge's
// navigation events routed to Remix. That component imports its locale with
// an import attribute (`with { type: "json" }`) that the Remix classic
// compiler cannot parse yet, so Aisle carries this equivalent
// (docs/decisions/0001-remix-classic-compiler.md).
export const APP_BRIDGE_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";

// Polaris passes its own props (className, children, aria-*) through to the link.
// Polaris's LinkLikeComponentProps is open-ended the same way.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PolarisLinkProps = { url: string; external?: boolean; children?: ReactNode; [prop: string]: any };

const RemixPolarisLink = forwardRef<HTMLAnchorElement, PolarisLinkProps>(function RemixPolarisLink({ url, external, children, ...rest }, ref) {
  return external ? (
    <a {...rest} href={url} ref={ref} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ) : (
    <Link {...rest} to={url} ref={ref}>
      {children}
    </Link>
  );
});

// apiKey is only needed inside Shopify's admin (App Bridge); pages outside it, such as the login page, leave it out.
export function AppShellProvider({ apiKey, isEmbeddedApp, children }: { apiKey?: string; isEmbeddedApp: boolean; children: ReactNode }) {
  const navigate = useNavigate();
  useEffect(() => {
    const onNavigate = (event: Event) => {
      const href = (event.target as Element | null)?.getAttribute?.("href");
      if (href) navigate(href);
    };
    addEventListener("shopify:navigate", onNavigate);
    return () => removeEventListener("shopify:navigate", onNavigate);
  }, [navigate]);
  return (
    <>
      {isEmbeddedApp ? <script src={APP_BRIDGE_URL} data-api-key={apiKey} /> : null}
      <PolarisAppProvider i18n={englishI18n} linkComponent={RemixPolarisLink}>
        {children}
      </PolarisAppProvider>
    </>
  );
}
