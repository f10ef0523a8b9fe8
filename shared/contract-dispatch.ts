/** Host side of the contract: validate a request against its schema, then run its handler. */
import { contract, isInvokeChannel, type HandlerMap, type InvokeResult } from './contract.ts';
import { toErrorData } from './errors.ts';
import { displayName } from './display-text.ts';
import { validationText } from './validation-text.ts';

export async function dispatch(
  handlers: HandlerMap,
  channel: unknown,
  request: unknown,
): Promise<InvokeResult> {
  if (!isInvokeChannel(channel)) {
    return {
      ok: false,
      error: { kind: 'Validation', message: `unknown channel ${displayName(String(channel))}` },
    };
  }
  const parsed = contract[channel].request.safeParse(request);
  if (!parsed.success) {
    return {
      ok: false,
      error: { kind: 'Validation', message: validationText(channel, parsed.error) },
    };
  }
  try {
    const handler = handlers[channel] as (req: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    const { kind, message } = toErrorData(err);
    // Messages quote names from kubeconfigs and requests: one line, no control characters, bounded.
    return { ok: false, error: { kind, message: displayName(message, 1000) } };
  }
}
