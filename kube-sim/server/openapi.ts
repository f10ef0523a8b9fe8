/**
 * A minimal OpenAPI v3 surface. kubectl (≥ 1.27) validates `apply`/`create -f` on the server
 * (`fieldValidation=Strict`) when the OpenAPI v3 PATCH operation of the kind lists that query
 * parameter; otherwise it downloads OpenAPI v2 to validate locally and fails without it. Serving
 * only those operations keeps kubectl on the server-side path. No schemas: kubectl then computes
 * apply patches from its compiled-in types. Reference: cli-runtime/pkg/resource/query_param_verifier_v3.go.
 */
import { shortHash } from '../store/ids.ts';
import { groupVersions, RESOURCES } from '../store/resources.ts';

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** `GET /openapi/v3`: one entry per group version. */
export function openApiRoot(): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of groupVersions()) {
    const p = gvPath(group, version);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${shortHash(p)}` };
  }
  return { paths };
}

/** `GET /openapi/v3/<gv path>`: PATCH operations tagged with their kind and `fieldValidation`. */
export function openApiGroupVersion(path: string): Record<string, unknown> | undefined {
  const gv = groupVersions().find((g) => gvPath(g.group, g.version) === path);
  if (!gv) return undefined;
  const paths: Record<string, unknown> = {};
  for (const rt of RESOURCES.filter((r) => r.group === gv.group && r.version === gv.version)) {
    const base = `/${gvPath(rt.group, rt.version)}${rt.namespaced ? '/namespaces/{namespace}' : ''}/${rt.resource}/{name}`;
    paths[base] = {
      patch: {
        operationId: `patch${rt.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: rt.group, version: rt.version, kind: rt.kind },
        parameters: ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({
          name,
          in: 'query',
          schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true },
        })),
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.33.0' }, paths };
}
