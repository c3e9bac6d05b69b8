export type BenchResult = {
  name: string;
  value: number;
  unit: string;
  goal: string;
  met: boolean;
  baseline?: { name: string; value: number; [k: string]: unknown };
  /** baseline / measured: how many times faster than the naive way. */
  ratio?: number;
  ratioGoal?: number;
  extra?: string;
};

export function formatResult(r: BenchResult): string {
  const lines = [`${r.met ? "✔" : "✘"} ${r.name}: ${r.value.toFixed(3)} ${r.unit} (goal ${r.goal})`];
  if (r.baseline && r.ratio !== undefined) {
    const ok = r.ratioGoal === undefined || r.ratio >= r.ratioGoal;
    lines.push(`    ${ok ? "✔" : "✘"} baseline ${r.baseline.name}: ${r.baseline.value.toFixed(3)} ${r.unit}, ratio ${r.ratio.toFixed(1)}×${r.ratioGoal ? ` (goal ≥ ${r.ratioGoal}×)` : ""}`);
  }
  if (r.extra) lines.push(`    ${r.extra}`);
  return lines.join("\n");
}
