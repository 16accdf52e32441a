import type { DiffPart } from "../../services/content/core/diff";

// Additions in green, removals struck through in red; the rest as it is.
const css = `
.aisle-diff{white-space:pre-wrap;line-height:var(--p-font-line-height-500);font-size:var(--p-font-size-325)}
.aisle-diff ins{background:var(--p-color-bg-fill-success-secondary);color:var(--p-color-text-success);text-decoration:none;border-radius:var(--p-border-radius-100)}
.aisle-diff del{background:var(--p-color-bg-fill-critical-secondary);color:var(--p-color-text-critical);border-radius:var(--p-border-radius-100)}
`;

/** One side of the side-by-side view: the live text with removals, or the draft with additions. */
export function DiffText({ parts, side, label }: { parts: DiffPart[]; side: "live" | "draft"; label: string }) {
  const shown = parts.filter((p) => p.kind === "same" || (side === "live" ? p.kind === "removed" : p.kind === "added"));
  return (
    <div className="aisle-diff" aria-label={label}>
      <style dangerouslySetInnerHTML={{ __html: css }} />
      {shown.length ? (
        shown.map((p, i) =>
          p.kind === "same" ? <span key={i}>{p.text}</span> : p.kind === "added" ? <ins key={i}>{p.text}</ins> : <del key={i}>{p.text}</del>,
        )
      ) : (
        <span style={{ color: "var(--p-color-text-secondary)" }}>(empty)</span>
      )}
    </div>
  );
}
