/** Host side of the contract: validate a request against its schema, then run its handler. */
import { contract, isInvokeChannel, type HandlerMap, type InvokeResult } from './contract.ts';
import { toErrorData } from './errors.ts';
import { z } from 'zod';

export async function dispatch(
  handlers: HandlerMap,
  channel: unknown,
  request: unknown,
): Promise<InvokeResult> {
  if (!isInvokeChannel(channel)) {
    return {
      ok: false,
      error: { kind: 'Validation', message: `unknown channel ${String(channel)}` },
    };
  }
  const parsed = contract[channel].request.safeParse(request);
  if (!parsed.success) {
    return {
      ok: false,
      error: { kind: 'Validation', message: `${channel}: ${z.prettifyError(parsed.error)}` },
    };
  }
  try {
    const handler = handlers[channel] as (req: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}
