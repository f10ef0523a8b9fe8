/** The `pods/ephemeralcontainers` rule: ephemeral containers may be added, never changed or removed. */
import { canonicalJson } from '../store/ids.ts';
import { defaultContainer } from '../store/pod-defaults.ts';
import { statusErrors, type StatusCause } from '../store/status-error.ts';
import type { KubeObject } from '../store/types.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- container specs are open JSON here */

/** Returns `old` with the ephemeral container list of `proposed`, after checking it only grew. */
export function withEphemeralContainers(old: KubeObject, proposed: KubeObject): KubeObject {
  const before: any[] = old.spec?.ephemeralContainers ?? [];
  const after: any[] = structuredClone(proposed.spec?.ephemeralContainers ?? []);
  for (const c of after) defaultContainer(c);
  const causes: StatusCause[] = [];
  for (const prev of before) {
    const now = after.find((c) => c.name === prev.name);
    if (!now)
      causes.push({
        field: 'spec.ephemeralContainers',
        reason: 'FieldValueForbidden',
        message: `Forbidden: existing ephemeral containers "${prev.name}" may not be removed`,
      });
    else if (canonicalJson(now) !== canonicalJson(prev)) {
      causes.push({
        field: 'spec.ephemeralContainers',
        reason: 'FieldValueForbidden',
        message: `Forbidden: existing ephemeral containers "${prev.name}" may not be changed`,
      });
    }
  }
  for (const c of after) {
    if (c.ports?.length)
      causes.push({
        field: 'spec.ephemeralContainers',
        reason: 'FieldValueForbidden',
        message: `Forbidden: cannot be set for an Ephemeral Container (ports of "${c.name}")`,
      });
  }
  if (causes.length) throw statusErrors.invalid('Pod', old.metadata.name, causes);
  const out = structuredClone(old);
  out.spec.ephemeralContainers = after;
  if (after.length === 0) delete out.spec.ephemeralContainers;
  return out;
}
