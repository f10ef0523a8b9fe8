import { memo } from 'react';

const W = 80;
const H = 18;

/** SVG polyline points scaled into the box; flat at the bottom when everything is zero. */
export function sparkPoints(values: readonly number[], w = W, h = H): string {
  if (values.length === 0) return '';
  const max = Math.max(...values, 1);
  const step = values.length > 1 ? w / (values.length - 1) : 0;
  return values
    .map((v, i) => `${(i * step).toFixed(1)},${(h - 1 - (v / max) * (h - 2)).toFixed(1)}`)
    .join(' ');
}

/** A tiny throughput line; cheap enough for every row (no canvas, no library). */
export const Sparkline = memo(function Sparkline({
  values,
  label,
}: {
  values: readonly number[];
  label: string;
}) {
  return (
    <svg
      className="sparkline"
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={label}
    >
      <polyline points={sparkPoints(values)} fill="none" stroke="currentColor" strokeWidth="1.2" />
    </svg>
  );
});
