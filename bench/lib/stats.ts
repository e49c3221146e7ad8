export interface Summary {
  n: number;
  min: number;
  median: number;
  max: number;
}

export function summarize(xs: readonly number[]): Summary {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return { n: 0, min: NaN, median: NaN, max: NaN };
  const median = n % 2 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
  return { n, min: s[0] as number, median, max: s[n - 1] as number };
}

export function ratio(ours: Summary, upstream: Summary): number {
  return ours.median / upstream.median;
}
