/** Median and 99th percentile of latency samples, in milliseconds. */
export function summarize(samples: number[]): { medianMs: number; p99Ms: number; count: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { medianMs: round(at(0.5)), p99Ms: round(at(0.99)), count: sorted.length };
}
