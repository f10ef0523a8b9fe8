/** PATCH semantics: JSON Patch (RFC 6902), JSON merge patch (RFC 7396), strategic merge patch. */
import jsonpatch from 'fast-json-patch';
import { StatusError, statusErrors } from './status-error.ts';
import { strategicMerge } from './strategic-merge.ts';
import { errorText } from '../../shared/errors.ts';

export type PatchType = 'json' | 'merge' | 'strategic';

const MEDIA_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
};

/** Maps a request Content-Type to a patch type; anything else is a 415. */
export function patchTypeOf(contentType: string | undefined): PatchType {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const type = MEDIA_TYPES[media];
  if (!type) throw statusErrors.unsupportedMediaType(media || '(none)');
  return type;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 7396: objects merge recursively, `null` deletes, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops))
    throw statusErrors.badRequest('json patch must be an array of operations');
  try {
    return jsonpatch.applyPatch(structuredClone(doc), ops as jsonpatch.Operation[], true, false)
      .newDocument;
  } catch (err) {
    // The apiserver answers 422 when an op cannot apply (missing path, failed test).
    const msg = errorText(err).split('\n')[0]!;
    throw new StatusError(
      422,
      'Invalid',
      `the server rejected our request due to an error in our request: ${msg}`,
    );
  }
}

/** Applies a patch of `type` to a copy of `doc` and returns the result. */
export function applyPatch(type: PatchType, doc: unknown, patch: unknown): unknown {
  switch (type) {
    case 'json':
      return applyJsonPatch(doc, patch);
    case 'merge':
      if (!isObject(patch)) throw statusErrors.badRequest('merge patch must be a JSON object');
      return mergePatch(doc, patch);
    case 'strategic':
      if (!isObject(patch))
        throw statusErrors.badRequest('strategic merge patch must be a JSON object');
      return strategicMerge(doc, patch);
  }
}
