import { useEffect, useId, useRef, useState } from "react";
import { BlockStack, Box, Button, DataTable, InlineStack, Text } from "@shopify/polaris";

// Polaris has no charts, and a charting library for three lines is more
// weight than it is worth. This draws a small line chart as inline SVG:
// axes with labels, a legend, <title>/<desc> for assistive technology, and
// the same numbers as a table on request. Lines differ by dash pattern and
// marker shape as well as colour, so they read without colour vision.

export interface LineSeries {
  key: string;
  label: string;
  /** One value per category; null leaves a gap. */
  values: (number | null)[];
  color: string;
  dash?: string;
  marker: "circle" | "square" | "triangle";
}

export interface LineChartProps {
  title: string;
  description: string;
  xLabel: string;
  yLabel: string;
  categories: string[];
  series: LineSeries[];
  formatValue?: (value: number) => string;
}

// Drawn at the container's width in pixels once measured, so text stays at
// its real size; the server draws 640 wide and lets the browser scale it
// until then.
const DEFAULT_WIDTH = 640;
const HEIGHT = 280;
const PAD = { top: 16, right: 24, bottom: 48, left: 64 };
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

/** A round upper bound for the y axis (0.137 -> 0.15, 0.62 -> 0.7). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

function Marker({ shape, x, y, color }: { shape: LineSeries["marker"]; x: number; y: number; color: string }) {
  if (shape === "square") return <rect x={x - 3.5} y={y - 3.5} width={7} height={7} fill={color} />;
  if (shape === "triangle") return <path d={`M${x},${y - 4.5} L${x + 4.5},${y + 3.5} L${x - 4.5},${y + 3.5} Z`} fill={color} />;
  return <circle cx={x} cy={y} r={3.5} fill={color} />;
}

function LegendSwatch({ series }: { series: LineSeries }) {
  return (
    <svg width="28" height="12" aria-hidden="true" focusable="false">
      <line x1="1" y1="6" x2="27" y2="6" stroke={series.color} strokeWidth="2" strokeDasharray={series.dash} />
      <Marker shape={series.marker} x={14} y={6} color={series.color} />
    </svg>
  );
}

export function LineChart({ title, description, xLabel, yLabel, categories, series, formatValue = (v) => v.toFixed(3) }: LineChartProps) {
  const id = useId();
  const [showTable, setShowTable] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const measure = () => setWidth(Math.max(320, Math.round(el.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const PLOT_W = width - PAD.left - PAD.right;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const yMax = niceMax(Math.max(0, ...all));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * yMax);
  const x = (i: number) => PAD.left + (categories.length <= 1 ? PLOT_W / 2 : (i / (categories.length - 1)) * PLOT_W);
  const y = (v: number) => PAD.top + PLOT_H - (v / yMax) * PLOT_H;
  // Label every category while they fit, then every n-th.
  const labelEvery = Math.max(1, Math.ceil(categories.length / Math.max(2, Math.floor(PLOT_W / 48))));

  const segments = (values: (number | null)[]) => {
    const parts: string[] = [];
    let current = "";
    values.forEach((v, i) => {
      if (v === null) {
        if (current) parts.push(current);
        current = "";
        return;
      }
      current += `${current ? " L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    });
    if (current) parts.push(current);
    return parts;
  };

  return (
    <BlockStack gap="300">
      <div ref={box}>
        <svg viewBox={`0 0 ${width} ${HEIGHT}`} width="100%" role="img" aria-labelledby={`${id}-title ${id}-desc`} style={{ display: "block" }}>
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{description}</desc>
          <g fontSize="12" fill="var(--p-color-text-secondary)" fontFamily="inherit">
            {ticks.map((t) => (
              <g key={t}>
                <line x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} stroke="var(--p-color-border-secondary)" strokeWidth={1} />
                <text x={PAD.left - 8} y={y(t)} textAnchor="end" dominantBaseline="middle">
                  {formatValue(t)}
                </text>
              </g>
            ))}
            <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={PAD.top + PLOT_H} stroke="var(--p-color-border)" />
            <line x1={PAD.left} x2={width - PAD.right} y1={PAD.top + PLOT_H} y2={PAD.top + PLOT_H} stroke="var(--p-color-border)" />
            {categories.map((c, i) =>
              i % labelEvery === 0 || i === categories.length - 1 ? (
                <text key={c} x={x(i)} y={PAD.top + PLOT_H + 18} textAnchor="middle">
                  {c}
                </text>
              ) : null,
            )}
            <text x={PAD.left + PLOT_W / 2} y={HEIGHT - 8} textAnchor="middle" fill="var(--p-color-text)">
              {xLabel}
            </text>
            <text transform={`translate(14 ${PAD.top + PLOT_H / 2}) rotate(-90)`} textAnchor="middle" fill="var(--p-color-text)">
              {yLabel}
            </text>
          </g>
          {series.map((s) => (
            <g key={s.key}>
              {segments(s.values).map((d) => (
                <path key={d} d={d} fill="none" stroke={s.color} strokeWidth={2} strokeDasharray={s.dash} strokeLinejoin="round" />
              ))}
              {s.values.map((v, i) => (v === null ? null : <Marker key={i} shape={s.marker} x={x(i)} y={y(v)} color={s.color} />))}
            </g>
          ))}
        </svg>
      </div>
      <InlineStack align="space-between" blockAlign="center" gap="400">
        <InlineStack gap="400" blockAlign="center">
          {series.map((s) => (
            <InlineStack key={s.key} gap="150" blockAlign="center" wrap={false}>
              <LegendSwatch series={s} />
              <Text as="span" variant="bodySm">
                {s.label}
              </Text>
            </InlineStack>
          ))}
        </InlineStack>
        <Button variant="plain" onClick={() => setShowTable((v) => !v)} ariaExpanded={showTable} ariaControls={`${id}-table`}>
          {showTable ? "Hide table" : "Show as table"}
        </Button>
      </InlineStack>
      <div id={`${id}-table`} hidden={!showTable}>
        <Box paddingBlockStart="100">
          <DataTable
            columnContentTypes={["text", ...series.map(() => "numeric" as const)]}
            headings={[xLabel, ...series.map((s) => s.label)]}
            rows={categories.map((c, i) => [c, ...series.map((s) => (s.values[i] === null ? "–" : formatValue(s.values[i] as number)))])}
          />
        </Box>
      </div>
    </BlockStack>
  );
}
