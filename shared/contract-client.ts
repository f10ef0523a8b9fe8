/** Builds the typed API (one named function per channel) over any transport. */
import {
  eventChannels,
  eventMethodName,
  invokeChannels,
  invokeMethodName,
  type EventChannel,
  type InvokeChannel,
  type InvokeResult,
  type PortsideApi,
} from './contract.ts';
import { PortsideError } from './errors.ts';

export interface ClientTransport {
  invoke(channel: InvokeChannel, request: unknown): Promise<InvokeResult>;
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

export function createClient(transport: ClientTransport): PortsideApi {
  const api: Record<string, unknown> = {};
  for (const channel of invokeChannels) {
    api[invokeMethodName(channel)] = async (request?: unknown) => {
      const result = await transport.invoke(channel, request);
      if (result.ok) return result.value;
      throw new PortsideError(result.error.kind, result.error.message);
    };
  }
  for (const channel of eventChannels) {
    api[eventMethodName(channel)] = (listener: (payload: unknown) => void) =>
      transport.subscribe(channel, listener);
  }
  return Object.freeze(api) as PortsideApi;
}
