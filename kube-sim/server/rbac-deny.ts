/**
 * A test fault standing in for RBAC: the token may be denied single verbs on single resources
 * (`patch` on `pods/ephemeralcontainers`), answered 403 Forbidden in the API server's own words.
 */
import { statusErrors } from '../store/status-error.ts';
import type { ObjectAddress } from './rest-read.ts';

/** The user name the sim's token authenticates as (shown in Forbidden messages). */
export const SIM_USER = 'system:serviceaccount:default:portside';

const VERBS: Record<string, string> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** The RBAC verb of a request: get/list/watch by shape, else by method. */
export function rbacVerb(method: string, a: ObjectAddress, watch: boolean): string {
  if (method === 'GET') return watch ? 'watch' : a.name === undefined ? 'list' : 'get';
  if (method === 'DELETE' && a.name === undefined) return 'deletecollection';
  return VERBS[method] ?? method.toLowerCase();
}

/** Throws 403 when `verb` on the addressed resource is denied. */
export function checkDenied(
  denied: ReadonlySet<string> | undefined,
  verb: string,
  a: ObjectAddress,
): void {
  if (!denied?.size) return;
  const resource = a.subresource ? `${a.rt.resource}/${a.subresource}` : a.rt.resource;
  if (!denied.has(`${verb} ${resource}`)) return;
  const object = a.name ? `${a.rt.resource} "${a.name}"` : a.rt.resource;
  const scope = a.namespace ? ` in the namespace "${a.namespace}"` : ' at the cluster scope';
  throw statusErrors.forbidden(
    `${object} is forbidden: User "${SIM_USER}" cannot ${verb} resource "${resource}" in API group "${a.rt.group}"${scope}`,
  );
}
