/** "Did you mean …?" for config keys and enum values. */

/** Optimal string alignment distance: Levenshtein plus swapped neighbours (`tll` → `ttl` is 1). */
function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i] as number[];
      const prev = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] ?? 0) + 1);
      }
      row[j] = d;
    }
  }
  return (rows[a.length] as number[])[b.length] ?? 0;
}

// `kubeContext`, `kube-context` and `KUBE_CONTEXT` all mean `kube_context`.
const normal = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '');

/** The closest candidate, if it is close enough to be what the user meant. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 64) return undefined;
  const w = normal(word);
  let best: { key: string; d: number } | undefined;
  for (const c of candidates) {
    const d = distance(w, normal(c));
    if (!best || d < best.d) best = { key: c, d };
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  if (best && best.d <= limit) return best.key;
  // `header` for `header_filter`: the shortest key that starts with what was written.
  if (w.length < 3) return undefined;
  return candidates.filter((c) => normal(c).startsWith(w)).sort((a, b) => a.length - b.length)[0];
}
