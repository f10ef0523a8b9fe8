/** `meta.k8s.io` Table responses, for kubectl's `Accept: application/json;as=Table;…`. */
import type { KubeObject } from '../store/types.ts';
import { columnsFor } from './table-columns.ts';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  /** `meta.k8s.io/v1` or `meta.k8s.io/v1beta1`, whichever the client asked for first. */
  apiVersion: string;
  includeObject: IncludeObject;
  now: number;
  /** Omits columnDefinitions (watch events after the first, as the apiserver does not; kept for tests). */
  noHeaders?: boolean;
}

/** The Table version an Accept header asks for, or `undefined` when it does not ask for a Table. */
export function tableVersionOf(accept: string | undefined): string | undefined {
  for (const part of (accept ?? '').split(',')) {
    const params = new Map(
      part
        .split(';')
        .slice(1)
        .map((p) => {
          const [k, v] = p.split('=');
          return [k!.trim(), (v ?? '').trim()] as const;
        }),
    );
    if (params.get('as') === 'Table' && params.get('g') === 'meta.k8s.io')
      return `meta.k8s.io/${params.get('v') ?? 'v1'}`;
  }
  return undefined;
}

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** Converts objects of one type into a Table. */
export function toTable(
  key: string,
  objects: KubeObject[],
  opts: TableOptions,
  listMeta: Record<string, unknown> = {},
): Record<string, unknown> {
  const cols = columnsFor(key);
  return {
    kind: 'Table',
    apiVersion: opts.apiVersion,
    metadata: listMeta,
    columnDefinitions: opts.noHeaders ? null : cols.defs,
    rows: objects.map((o) => {
      const row: Record<string, unknown> = { cells: cols.cells(o, opts.now) };
      const object = rowObject(o, opts.includeObject);
      if (object !== undefined) row.object = object;
      return row;
    }),
  };
}
