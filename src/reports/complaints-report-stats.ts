// Report arithmetic, portable across databases (computed in code over the selected rows).

/** Percentile by linear interpolation between closest ranks (the spreadsheet PERCENTILE.INC); null for no data. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export function round1(v: number | null): number | null {
  return v === null ? null : Math.round(v * 10) / 10;
}
