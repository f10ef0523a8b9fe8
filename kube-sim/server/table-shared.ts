/** Column definitions shared by the per-kind column sets. */
import type { KubeObject } from '../store/types.ts';
import { ageSince } from './human-duration.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- specs are open JSON here */

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface Columns {
  defs: ColumnDefinition[];
  cells(obj: KubeObject, now: number): unknown[];
}

export function col(name: string, priority = 0, type = 'string'): ColumnDefinition {
  const format = name === 'Name' ? 'name' : '';
  return {
    name,
    type,
    format,
    description: name === 'Name' ? 'Name must be unique within a namespace.' : '',
    priority,
  };
}

export const age = (o: KubeObject, now: number) => ageSince(o.metadata.creationTimestamp, now);
export const containers = (o: KubeObject) =>
  (o.spec?.template?.spec?.containers ?? []).map((c: any) => c.name).join(',');
export const images = (o: KubeObject) =>
  (o.spec?.template?.spec?.containers ?? []).map((c: any) => c.image).join(',');
export const labelSel = (sel: any) =>
  sel?.matchLabels
    ? Object.entries(sel.matchLabels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',') || '<none>'
    : '<none>';
