/**
 * Per-verb deny switches: kube-sim answers 403 Forbidden, worded like the API server's RBAC
 * denial, for the (verb, resource) pairs switched off. Tests use it to check that Portside needs
 * exactly the verbs docs/rbac.yaml grants and reports a denial in words.
 */
import { StatusError } from '../store/status-error.ts';

/** The user the sim's token authenticates as, as Forbidden messages name it. */
export const SIM_USER = 'system:serviceaccount:default:portside';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';
export const VERBS: readonly Verb[] = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
];

/** The RBAC verb of a REST request. */
export function verbOf(method: string, named: boolean, watch: boolean): Verb {
  switch (method) {
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    default:
      return watch ? 'watch' : named ? 'get' : 'list';
  }
}

export interface DenyList {
  deny(verb: Verb, resource: string): void;
  allowAll(): void;
  /** Throws 403 when `verb` on `resource` (e.g. `services`, `pods/portforward`) is switched off. */
  check(verb: Verb, resource: string, namespace?: string, name?: string): void;
  readonly denied: string[];
}

export function createDenyList(): DenyList {
  const denied = new Set<string>();
  return {
    deny: (verb, resource) => void denied.add(`${verb} ${resource}`),
    allowAll: () => denied.clear(),
    check(verb, resource, namespace, name) {
      if (!denied.has(`${verb} ${resource}`)) return;
      // The API server's own wording (RBAC authorizer), so clients parse and show what they would.
      const res = resource.split('/')[0] ?? resource;
      const object = name ? `${res} "${name}"` : resource;
      const where = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
      throw new StatusError(
        403,
        'Forbidden',
        `${object} is forbidden: User "${SIM_USER}" cannot ${verb} resource "${resource}" in API group ""${where}`,
      );
    },
    get denied() {
      return [...denied];
    },
  };
}
