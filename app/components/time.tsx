import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { timeAgo } from "./format";

const NowContext = createContext<number | null>(null);

/**
 * The clock relative times are measured against. The first render, on the
 * server and again while the browser hydrates, uses the time the server
 * rendered at, so both print the same words ("54 seconds ago" on both sides:
 * a different text would be React's hydration errors #418/#423/#425). Once
 * hydrated, the browser's own clock takes over and ticks.
 */
export function NowProvider({ renderedAt, children }: { renderedAt: number; children: ReactNode }) {
  const [now, setNow] = useState(renderedAt);
  useEffect(() => {
    const first = setTimeout(() => setNow(Date.now()), 0);
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [renderedAt]);
  return <NowContext.Provider value={now}>{children}</NowContext.Provider>;
}

/** `timeAgo` against the page's clock (see NowProvider). */
export function useTimeAgo(): (value: string | Date | null | undefined) => string {
  const now = useContext(NowContext);
  if (now === null) throw new Error("useTimeAgo needs a NowProvider (app/routes/app.tsx)");
  return (value) => timeAgo(value, now);
}
