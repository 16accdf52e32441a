import { LinkTabs } from "../LinkTabs";

export function ContentTabs() {
  return (
    <LinkTabs
      label="Content studio"
      tabs={[
        { label: "Review queue", url: "/app/content" },
        { label: "Brand voice and automation", url: "/app/content/settings" },
      ]}
    />
  );
}
