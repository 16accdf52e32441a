import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

/**
 * Reloads the route's data every `ms` while `active` (a job queued or
 * running in the worker), so long work shows its progress without a refresh.
 */
export function useRefreshWhile(active: boolean, ms = 2_000) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), ms);
    return () => clearInterval(timer);
  }, [active, ms, revalidator]);
}
