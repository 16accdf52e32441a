import { UNSAFE_RemixContext } from "@remix-run/react";
import { useContext } from "react";

/**
 * Whether the app has a page at `pathname` (e.g. "/app/content"), read from
 * Remix's route manifest, which is the same on the server and in the
 * browser. Lets a card link to a feature's page as soon as the page ships.
 */
export function useRouteExists(pathname: string): boolean {
  const context = useContext(UNSAFE_RemixContext);
  const routes = context ? Object.values(context.manifest.routes) : [];
  const full = (id: string | undefined): string => {
    const route = id ? context?.manifest.routes[id] : undefined;
    if (!route) return "";
    const parent = full(route.parentId);
    return route.path ? `${parent.replace(/\/$/, "")}/${route.path}` : parent;
  };
  return routes.some((r) => full(r.id).replace(/\/$/, "") === pathname);
}
