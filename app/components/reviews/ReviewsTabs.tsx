import { LinkTabs } from "../LinkTabs";

export const REVIEWS_PAGES = [
  { label: "Moderation", url: "/app/reviews" },
  { label: "Insights", url: "/app/reviews/insights" },
  { label: "Rules", url: "/app/reviews/settings" },
  { label: "Import", url: "/app/reviews/import" },
];

/** The reviews pages' own navigation, under the app's "Reviews" menu item. */
export function ReviewsTabs() {
  return <LinkTabs label="Reviews" tabs={REVIEWS_PAGES} />;
}
