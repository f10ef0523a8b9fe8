import { useEffect, useRef, useState, type RefObject } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { toChartData } from '../charts/rate-chart-data.ts';
import { formatRate } from '../format.ts';
import { useStore } from '../store/index.ts';
import { HISTORY_MS, type RateSample } from '../store/rate-history.ts';

const EMPTY: RateSample[] = [];
const HEIGHT = 120;

/** Canvas charts need a 2D context; test DOMs have none, and then the chart is left out. */
const canDraw = (): boolean => {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
};

/** `13:05:20`: the axis spans minutes, so dates and am/pm would only crowd it. */
const clockTime = (sec: number): string =>
  new Date(sec * 1000).toLocaleTimeString([], { hour12: false });

function makeOptions(el: HTMLElement, width: number): uPlot.Options {
  const css = getComputedStyle(el);
  const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const axis = { stroke: color('--muted', '#888'), grid: { stroke: color('--line', '#ddd') } };
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { show: true, drag: { x: false, y: false } },
    scales: { y: { range: (_u, _min, max) => [0, Math.max(max, 1024)] } },
    axes: [
      { ...axis, space: 90, values: (_u, ticks) => ticks.map(clockTime) },
      { ...axis, size: 70, values: (_u, ticks) => ticks.map(formatRate) },
    ],
    series: [
      {},
      { label: 'up', stroke: color('--up', '#7c3aed'), width: 1.5 },
      { label: 'down', stroke: color('--down', '#0891b2'), width: 1.5 },
    ],
  };
}

/** Whether the page is dark, so the chart (canvas colours) is redrawn when the theme flips. */
function useSchemeKey(): string {
  const theme = useStore((s) => s.settings?.theme ?? 'system');
  const [dark, setDark] = useState(
    () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false,
  );
  useEffect(() => {
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    const on = () => setDark(mq?.matches ?? false);
    mq?.addEventListener('change', on);
    return () => mq?.removeEventListener('change', on);
  }, []);
  return `${theme}:${dark}`;
}

/**
 * True once the box has been on screen: with hundreds of rules only the charts a user scrolled to
 * cost a canvas. Without IntersectionObserver every chart counts as seen.
 */
function useSeen(box: RefObject<HTMLElement | null>): boolean {
  const [seen, setSeen] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const el = box.current;
    if (seen || !el) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setSeen(true);
    });
    io.observe(el);
    return () => io.disconnect();
  }, [box, seen]);
  return seen;
}

/** Up/down bytes per second of one rule over the last minutes (uPlot, canvas). */
export function ThroughputChart({ ruleId, label }: { ruleId: string; label: string }) {
  const history = useStore((s) => s.rateHistory[ruleId] ?? EMPTY);
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const scheme = useSchemeKey();
  const [drawable] = useState(canDraw);
  const seen = useSeen(box);
  useEffect(() => {
    const el = box.current;
    if (!el || !drawable || !seen) return;
    const now = Date.now();
    const u = new uPlot(makeOptions(el, el.clientWidth || 600), toChartData([], now), el);
    chart.current = u;
    const ro = new ResizeObserver(() =>
      u.setSize({ width: el.clientWidth || 600, height: HEIGHT }),
    );
    ro.observe(el);
    return () => (ro.disconnect(), u.destroy(), void (chart.current = null));
  }, [drawable, scheme, seen]);
  useEffect(() => {
    const now = Date.now();
    chart.current?.setData(toChartData(history, now), false);
    chart.current?.setScale('x', { min: (now - HISTORY_MS) / 1000, max: now / 1000 });
  }, [history, scheme, seen]);
  const last = history.at(-1);
  return (
    <figure className="chart" aria-label={label}>
      <div ref={box} className="chart-box" data-testid="throughput-chart" />
      <figcaption className="muted">
        last 5 minutes · <span className="up">↑ {formatRate(last?.up ?? 0)}</span>{' '}
        <span className="down">↓ {formatRate(last?.down ?? 0)}</span>
      </figcaption>
    </figure>
  );
}
