/**
 * Money is kept in 万元 as exact integers; dashboards show 亿元 (1 亿元 = 10,000 万元).
 */
export const WAN_PER_YI = 10_000;

/** 万元 → 亿元, rounded to `digits` decimals for display only. */
export function wanToYi(wan: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round((wan / WAN_PER_YI) * factor) / factor;
}

/** Shares an exact integer `total` in proportion to `weights`, largest remainders first. */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a whole number ≥ 0: ${total}`);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) throw new RangeError("weights must add up to more than zero");
  const raw = weights.map((w) => (w / sum) * total);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left === 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left--;
  }
  return out;
}
