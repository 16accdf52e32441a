import { useLocation } from "@remix-run/react";
import { Tabs } from "@shopify/polaris";

export const RECOMMENDATIONS_PAGES = [
  { id: "overview", content: "Overview", url: "/app/recommendations" },
  { id: "preview", content: "Preview", url: "/app/recommendations/preview" },
  { id: "rules", content: "Rules", url: "/app/recommendations/rules" },
  { id: "experiments", content: "A/B tests", url: "/app/recommendations/experiments" },
  { id: "complementary", content: "Complementary products", url: "/app/recommendations/complementary" },
  { id: "import", content: "Import past orders", url: "/app/recommendations/import" },
] as const;

/** The recommendations pages' own navigation, under the app's "Recommendations" menu item. */
export function RecommendationsTabs() {
  const { pathname } = useLocation();
  const path = pathname.replace(/\/$/, "");
  const selected = Math.max(
    0,
    RECOMMENDATIONS_PAGES.findIndex((p) => p.url === path),
  );
  return <Tabs tabs={RECOMMENDATIONS_PAGES.map((p) => ({ ...p, panelID: `${p.id}-panel` }))} selected={selected} />;
}
