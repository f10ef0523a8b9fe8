/** Kubernetes `Status` failures (kind: Status), thrown by the store and REST layer alike. */

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A failure that the REST layer renders as a `Status` body with `code`. */
export class StatusError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details?: StatusDetails;
  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'StatusError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  /** The wire form, exactly as the apiserver writes it. */
  toStatus(): Record<string, unknown> {
    const body: Record<string, unknown> = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
    };
    if (this.details) body.details = this.details;
    body.code = this.code;
    return body;
  }
}

/** `kind` in details is the resource plural with its group (`pods`, `deployments.apps`) like the apiserver. */
function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export const statusErrors = {
  notFound: (resource: string, group: string, name: string) =>
    new StatusError(404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, {
      name,
      ...(group ? { group } : {}),
      kind: resource,
    }),
  alreadyExists: (resource: string, group: string, name: string) =>
    new StatusError(
      409,
      'AlreadyExists',
      `${qualified(resource, group)} "${name}" already exists`,
      {
        name,
        ...(group ? { group } : {}),
        kind: resource,
      },
    ),
  conflict: (resource: string, group: string, name: string) =>
    new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, ...(group ? { group } : {}), kind: resource },
    ),
  invalid: (kind: string, name: string, causes: StatusCause[]) =>
    new StatusError(
      422,
      'Invalid',
      `${kind} "${name}" is invalid: ${causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join(', ')}`,
      {
        name,
        kind,
        causes: causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', ...c })),
      },
    ),
  badRequest: (message: string) => new StatusError(400, 'BadRequest', message),
  unauthorized: () => new StatusError(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (message: string) => new StatusError(403, 'Forbidden', message),
  methodNotAllowed: (message = 'the server does not allow this method on the requested resource') =>
    new StatusError(405, 'MethodNotAllowed', message),
  notAcceptable: (message: string) => new StatusError(406, 'NotAcceptable', message),
  unsupportedMediaType: (type: string) =>
    new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${type})`,
    ),
  expired: (message: string) => new StatusError(410, 'Expired', message),
  notImplemented: (message: string) => new StatusError(501, 'NotImplemented', message),
  internal: (message: string) => new StatusError(500, 'InternalError', message),
  pathNotFound: () =>
    new StatusError(404, 'NotFound', 'the server could not find the requested resource', {}),
};
