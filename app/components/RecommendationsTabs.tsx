import { LinkTabs } from "./LinkTabs";

export const RECOMMENDATIONS_PAGES = [
  { label: "Overview", url: "/app/recommendations" },
  { label: "Revenue", url: "/app/recommendations/revenue" },
  { label: "Preview", url: "/app/recommendations/preview" },
  { label: "Rules", url: "/app/recommendations/rules" },
  { label: "A/B tests", url: "/app/recommendations/experiments" },
  { label: "Complementary products", url: "/app/recommendations/complementary" },
  { label: "Import past orders", url: "/app/recommendations/import" },
];

/** The recommendations pages' own navigation, under the app's "Recommendations" menu item. */
export function RecommendationsTabs() {
  return <LinkTabs label="Recommendations" tabs={RECOMMENDATIONS_PAGES} />;
}
