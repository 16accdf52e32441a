import { BlockStack, InlineStack, Text } from "@shopify/polaris";

// A variant's daily sales and its forecast as inline SVG: the last weeks of
// history as a solid line, the expected demand as a dashed line, and the
// P10-P90 interval as a shaded band. Polaris has no charts; the numbers are
// also given in the description for assistive technology.

export interface ForecastChartProps {
  title: string;
  firstDay: number;
  history: number[];
  mean: number[];
  p10: number[];
  p90: number[];
}

const W = 720;
const H = 260;
const PAD = { top: 16, right: 16, bottom: 36, left: 48 };
const DAY = 86_400_000;

function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const m = 10 ** Math.floor(Math.log10(max));
  for (const s of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (s * m >= max) return s * m;
  return 10 * m;
}

const dateLabel = (ms: number) => new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

export function ForecastChart({ title, firstDay, history, mean, p10, p90 }: ForecastChartProps) {
  const days = history.length + mean.length;
  const top = niceMax(Math.max(1, ...history, ...p90, ...mean));
  const x = (i: number) => PAD.left + (i / Math.max(1, days - 1)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v / top) * (H - PAD.top - PAD.bottom);
  const line = (values: number[], offset: number) => values.map((v, i) => `${i ? "L" : "M"}${x(i + offset).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const n = history.length;
  const band =
    `M${x(n).toFixed(1)},${y(p90[0] ?? 0).toFixed(1)} ` +
    p90.map((v, i) => `L${x(n + i).toFixed(1)},${y(v).toFixed(1)}`).join(" ") +
    " " +
    [...p10]
      .reverse()
      .map((v, i) => `L${x(n + p10.length - 1 - i).toFixed(1)},${y(v).toFixed(1)}`)
      .join(" ") +
    " Z";
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * top);
  const dateTicks = [0, 28, n, n + 28, days - 1].filter((d, i, a) => d < days && a.indexOf(d) === i);
  const total = (a: number[], k = 28) => a.slice(0, k).reduce((s, v) => s + v, 0);
  const desc = `Sold ${Math.round(total(history, n))} units in the last ${n} days. Expected ${Math.round(total(mean))} in the next 28 days (80% interval per day shaded).`;
  return (
    <BlockStack gap="200">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby="forecast-chart-title forecast-chart-desc" data-testid="forecast-chart">
        <title id="forecast-chart-title">{title}</title>
        <desc id="forecast-chart-desc">{desc}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke="#e3e3e3" />
            <text x={PAD.left - 8} y={y(t) + 4} fontSize="11" textAnchor="end" fill="#616161">
              {Number.isInteger(t) ? t : t.toFixed(1)}
            </text>
          </g>
        ))}
        {dateTicks.map((d) => (
          <text key={d} x={x(d)} y={H - PAD.bottom + 18} fontSize="11" textAnchor="middle" fill="#616161">
            {dateLabel(firstDay + d * DAY)}
          </text>
        ))}
        <line x1={x(n)} x2={x(n)} y1={PAD.top} y2={H - PAD.bottom} stroke="#8a8a8a" strokeDasharray="2 3" />
        <text x={x(n) + 4} y={PAD.top + 10} fontSize="11" fill="#616161">
          today
        </text>
        <path d={band} fill="rgba(0, 91, 211, 0.15)" stroke="none" data-testid="forecast-band" />
        <path d={line(history, 0)} fill="none" stroke="#303030" strokeWidth="1.5" />
        <path d={line(mean, n)} fill="none" stroke="#005bd3" strokeWidth="2" strokeDasharray="6 3" />
      </svg>
      <InlineStack gap="400">
        <Text as="span" variant="bodySm" tone="subdued">
          ― units sold per day
        </Text>
        <Text as="span" variant="bodySm" tone="subdued">
          - - expected demand
        </Text>
        <Text as="span" variant="bodySm" tone="subdued">
          ▇ 80% interval (P10 to P90)
        </Text>
      </InlineStack>
    </BlockStack>
  );
}
