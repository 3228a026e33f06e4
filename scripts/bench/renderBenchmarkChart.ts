import type { BenchRun } from "./BenchRun";
import type { StrategyId, StrategyResult } from "./StrategyResult";

const colours: Record<StrategyId, string> = {
  cli: "#1f77b4",
  "cli-skip-checkpoints": "#2ca02c",
  reference: "#aaaaaa",
};
const labels: Record<StrategyId, string> = {
  cli: "pulumi destroy",
  "cli-skip-checkpoints": "pulumi destroy, PULUMI_SKIP_CHECKPOINTS=true",
  reference: "Terraform-like reference",
};

const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const fmt = (value: number, digits = 0) => value.toFixed(digits);

interface Panel {
  readonly x: number;
  readonly title: string;
  /** Value → height fraction (0..1) of the plot area. */
  readonly scale: (value: number) => number;
  readonly ticks: readonly { value: number; label: string }[];
  readonly value: (r: StrategyResult) => number;
  readonly valueLabel: (value: number) => string;
  /** Horizontal reference lines (target, limit). */
  readonly lines: readonly { value: number; label: string; dashed: boolean }[];
  /** Lines of a note above each size's group, coloured like the strategy they are about. */
  readonly groupNote?: (size: number) => readonly { text: string; strategy: StrategyId }[];
}

const plot = { width: 330, height: 230, top: 80, left: 50 };

function renderPanel(
  run: BenchRun,
  sizes: readonly number[],
  strategies: readonly StrategyId[],
  panel: Panel,
): string {
  const x0 = panel.x + plot.left;
  const y0 = plot.top + plot.height;
  const out: string[] = [
    `<text x="${x0 + plot.width / 2}" y="${plot.top - 28}" text-anchor="middle" font-weight="bold">${esc(panel.title)}</text>`,
    `<line x1="${x0}" y1="${y0}" x2="${x0 + plot.width}" y2="${y0}" stroke="#333"/>`,
    `<line x1="${x0}" y1="${plot.top}" x2="${x0}" y2="${y0}" stroke="#333"/>`,
  ];
  for (const tick of panel.ticks) {
    const y = y0 - panel.scale(tick.value) * plot.height;
    out.push(
      `<line x1="${x0 - 4}" y1="${fmt(y, 1)}" x2="${x0 + plot.width}" y2="${fmt(y, 1)}" stroke="#eee"/>`,
      `<text x="${x0 - 7}" y="${fmt(y + 4, 1)}" text-anchor="end" font-size="11">${esc(tick.label)}</text>`,
    );
  }
  const groupWidth = plot.width / sizes.length;
  const barWidth = Math.min(36, groupWidth / (strategies.length + 1));
  sizes.forEach((size, g) => {
    const centre = x0 + groupWidth * (g + 0.5);
    let top = y0;
    strategies.forEach((strategy, i) => {
      const result = run.results.find((r) => r.jobs === size && r.strategy === strategy);
      if (result === undefined) return;
      const value = panel.value(result);
      const h = Math.max(1, panel.scale(value) * plot.height);
      const x = centre + (i - strategies.length / 2) * barWidth;
      top = Math.min(top, y0 - h);
      out.push(
        `<rect x="${fmt(x, 1)}" y="${fmt(y0 - h, 1)}" width="${fmt(barWidth - 2, 1)}" height="${fmt(h, 1)}" fill="${colours[strategy]}"/>`,
        `<text x="${fmt(x + barWidth / 2 - 1, 1)}" y="${fmt(y0 - h - 4, 1)}" text-anchor="middle" font-size="10">${esc(panel.valueLabel(value))}</text>`,
      );
    });
    out.push(
      `<text x="${fmt(centre, 1)}" y="${y0 + 16}" text-anchor="middle" font-size="12">N = ${size}</text>`,
    );
    const note = panel.groupNote?.(size) ?? [];
    note.forEach((line, k) =>
      out.push(
        `<text x="${fmt(centre, 1)}" y="${fmt(top - 18 - 13 * (note.length - 1 - k), 1)}" text-anchor="middle" font-size="10" fill="${colours[line.strategy]}">${esc(line.text)}</text>`,
      ),
    );
  });
  for (const line of panel.lines) {
    const y = y0 - panel.scale(line.value) * plot.height;
    out.push(
      `<line x1="${x0}" y1="${fmt(y, 1)}" x2="${x0 + plot.width}" y2="${fmt(y, 1)}" stroke="#d62728"${line.dashed ? ' stroke-dasharray="5,4"' : ""}/>`,
      `<text x="${x0 + plot.width - 2}" y="${fmt(y - 4, 1)}" text-anchor="end" font-size="10" fill="#d62728">${esc(line.label)}</text>`,
    );
  }
  return out.join("\n");
}

/**
 * An SVG chart of a bench run, written without any charting library: per stack size, the wall
 * time as a multiple of the physical limit (with the 1.25× target) and the HTTP requests sent (log
 * scale, with how many times fewer the provider sent), for both strategies side by side.
 */
export function renderBenchmarkChart(run: BenchRun): string {
  const sizes = [...new Set(run.results.map((r) => r.jobs))].sort((a, b) => a - b);
  const strategies = run.options.strategies;
  const ratio = (r: StrategyResult) => r.wallMs / run.physicalLimitMs;
  const maxRatio = Math.max(1.5, ...run.results.map(ratio)) * 1.1;
  const step = maxRatio <= 2 ? 0.25 : maxRatio <= 4 ? 0.5 : 1;
  const ratioTicks = Array.from({ length: Math.floor(maxRatio / step) + 1 }, (_, i) => ({
    value: i * step,
    label: `${(i * step).toFixed(2)}×`,
  }));
  const requests = run.results.map((r) => r.requests.total);
  const lo = Math.pow(10, Math.floor(Math.log10(Math.max(1, Math.min(...requests)))));
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(10, ...requests)) + 0.15));
  const logScale = (v: number) =>
    (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
  const requestTicks: { value: number; label: string }[] = [];
  for (let v = lo; v <= hi; v *= 10) requestTicks.push({ value: v, label: String(v) });
  const fewer = (size: number) => {
    const ref = run.results.find((r) => r.jobs === size && r.strategy === "reference");
    if (ref === undefined) return [];
    return run.results
      .filter((r) => r.jobs === size && r.strategy !== "reference")
      .map((r) => ({
        text: `${(ref.requests.total / r.requests.total).toFixed(1)}× fewer`,
        strategy: r.strategy,
      }));
  };
  const width = 2 * (plot.left + plot.width) + 60;
  const height = plot.top + plot.height + 80;
  const legendY = plot.top + plot.height + 45;
  const limitS = (run.physicalLimitMs / 1000).toFixed(1);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
${renderPanel(run, sizes, strategies, {
  x: 0,
  title: `Wall time ÷ physical limit (${limitS} s)`,
  scale: (v) => v / maxRatio,
  ticks: ratioTicks,
  value: ratio,
  valueLabel: (v) => `${v.toFixed(2)}×`,
  lines: [{ value: 1.25, label: "target 1.25×", dashed: true }],
})}
${renderPanel(run, sizes, strategies, {
  x: plot.left + plot.width + 40,
  title: "HTTP requests sent (log scale)",
  scale: logScale,
  ticks: requestTicks,
  value: (r) => r.requests.total,
  valueLabel: (v) => String(v),
  lines: [],
  groupNote: fewer,
})}
${strategies
  .map(
    (s, i) =>
      `<rect x="${plot.left + i * 230}" y="${legendY - 10}" width="12" height="12" fill="${colours[s]}"/><text x="${plot.left + i * 230 + 18}" y="${legendY}" font-size="11">${esc(labels[s])}</text>`,
  )
  .join("\n")}
<text x="${plot.left}" y="${legendY + 22}" font-size="10" fill="#555">${esc(
    `Emulator clock 1:${run.options.timeScale}; ${run.machine.cores} cores, Node ${run.machine.node}, ${run.machine.pulumiCli}; ${run.startedAt.slice(0, 10)}`,
  )}</text>
</svg>
`;
}
