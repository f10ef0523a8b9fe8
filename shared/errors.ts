import { z } from 'zod';

/** Error kinds every host reports as data; the UI renders `message` and may branch on `kind`. */
export const ErrorKindSchema = z.enum([
  'Validation',
  'InvalidSpec',
  'InvalidTarget',
  'DuplicateMapping',
  'NotFound',
  'PortInUse',
  'TargetNotFound',
  'TargetNotReady',
  'Forbidden',
  'Unauthorized',
  'KubeConfig',
  'Network',
  /** A bound was reached (rules per engine, requests in flight, frame size); nothing changed. */
  'LimitReached',
  'Internal',
]);
export type ErrorKind = z.infer<typeof ErrorKindSchema>;

export const ErrorDataSchema = z.object({
  kind: ErrorKindSchema,
  message: z.string(),
});
export type ErrorData = z.infer<typeof ErrorDataSchema>;

/** A failure with a kind; survives any transport as `{ kind, message }`. */
export class PortsideError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.name = 'PortsideError';
    this.kind = kind;
  }
  toData(): ErrorData {
    return { kind: this.kind, message: this.message };
  }
}

/** Turns anything thrown into transportable error data without leaking stack traces. */
export function toErrorData(err: unknown): ErrorData {
  if (err instanceof PortsideError) return err.toData();
  const parsed = ErrorDataSchema.safeParse(err);
  if (parsed.success) return parsed.data;
  if (err instanceof Error) return { kind: 'Internal', message: err.message };
  return { kind: 'Internal', message: String(err) };
}

/** The one way to turn anything thrown into the text of a message (no stack, no "[object Object]"). */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return String(err);
  } catch {
    return 'unknown error';
  }
}
