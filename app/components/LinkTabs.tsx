import { Link, NavLink } from "@remix-run/react";
import { InlineStack } from "@shopify/polaris";

// Tab-looking navigation between pages (or filtered views of one page).
// Polaris's Tabs measures itself in the browser and renders an empty list on
// the server, which shows as a flash and a hydration mismatch on every page
// load; plain links render the same on both sides, and are links: they open
// in a new tab, and the current one says aria-current="page".
const css = `
.aisle-link-tabs a{display:inline-flex;align-items:center;gap:var(--p-space-150);padding:var(--p-space-150) var(--p-space-300);border-radius:var(--p-border-radius-200);color:var(--p-color-text-secondary);font-size:var(--p-font-size-325);line-height:var(--p-font-line-height-500);font-weight:var(--p-font-weight-medium);text-decoration:none;white-space:nowrap}
.aisle-link-tabs a:hover{background:var(--p-color-bg-fill-transparent-hover);color:var(--p-color-text)}
.aisle-link-tabs a:focus-visible{outline:var(--p-border-width-050) solid var(--p-color-border-focus);outline-offset:var(--p-space-025)}
.aisle-link-tabs a[aria-current="page"]{background:var(--p-color-bg-fill-transparent-selected);color:var(--p-color-text)}
.aisle-link-tabs .aisle-link-tabs__count{font-size:var(--p-font-size-300);color:var(--p-color-text-secondary);background:var(--p-color-bg-fill-secondary);border-radius:var(--p-border-radius-200);padding:0 var(--p-space-150)}
`;

export interface LinkTab {
  label: string;
  url: string;
  /** Whether this tab is the current page; by default, when the URL's path matches. */
  active?: boolean;
  count?: number;
}

export function LinkTabs({ label, tabs }: { label: string; tabs: LinkTab[] }) {
  return (
    <nav aria-label={label} className="aisle-link-tabs">
      {/* Raw text: React would escape the quotes of a child string, and the browser would not unescape them. */}
      <style dangerouslySetInnerHTML={{ __html: css }} />
      <InlineStack gap="100" blockAlign="center">
        {tabs.map((tab) => {
          const content = (
            <>
              {tab.label}
              {tab.count === undefined ? null : <span className="aisle-link-tabs__count">{tab.count}</span>}
            </>
          );
          // NavLink knows the current page by its path; views of one page that
          // differ by query string say which one is current themselves.
          return tab.active === undefined ? (
            <NavLink key={tab.url} to={tab.url} end prefetch="intent">
              {content}
            </NavLink>
          ) : (
            <Link key={tab.url} to={tab.url} aria-current={tab.active ? "page" : undefined} preventScrollReset>
              {content}
            </Link>
          );
        })}
      </InlineStack>
    </nav>
  );
}
