/**
 * The one ipcMain wrapper. Every invoke channel of the contract gets exactly one handler that
 * checks the sender first, then lets `dispatch` validate the payload and run the engine handler.
 * Events go out through a per-window queue released by the `app:ready` handshake.
 * Electron-free: the caller passes `ipcMain` and the windows' contents.
 */
import {
  invokeChannels,
  type EventEmitterFn,
  type HandlerMap,
  type InvokeChannel,
  type InvokeResult,
} from '../../shared/contract.ts';
import { dispatch } from '../../shared/contract-dispatch.ts';
import { createEventOutbox, type EventOutbox } from '../../shared/event-outbox.ts';
import { isTrustedSender, type ContentsLike, type InvokeEventLike } from './sender-check.ts';

/** The parts of Electron's ipcMain we use. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** A window's WebContents as far as IPC is concerned. */
export interface SendingContents extends ContentsLike {
  send(channel: string, ...args: unknown[]): void;
}

/** What the window module calls as its page and contents live and die. */
export interface WindowAttachment {
  /** The main frame started loading a new document: queue events until it is ready again. */
  pageReset(): void;
  /** The contents are gone: stop sending and refuse its calls. */
  detach(): void;
}

export interface IpcHost {
  /** Serves a window's contents; its events queue until its page invokes `app:ready`. */
  attach(contents: SendingContents): WindowAttachment;
  /** Sends a contract event to every attached window (each through its own queue). */
  emit: EventEmitterFn;
  /** Removes every handler this wrapper installed. */
  dispose(): void;
}

export interface IpcDeps {
  ipcMain: IpcMainLike;
  handlers: HandlerMap;
  /** `file://` URL of our renderer page; the only page allowed to call. */
  pageUrl: string;
  /** Where refused calls are reported (never shown to the page). */
  log?: (message: string) => void;
}

interface Attached {
  contents: SendingContents;
  queue: EventOutbox;
}

function forbidden(channel: InvokeChannel): InvokeResult {
  return {
    ok: false,
    error: { kind: 'Forbidden', message: `${channel}: this page may not control Portside` },
  };
}

/** Installs one `ipcMain.handle` per invoke channel of the contract and returns the host side. */
export function setupIpc(deps: IpcDeps): IpcHost {
  const attached = new Set<Attached>();
  const log = deps.log ?? (() => undefined);

  const find = (sender: unknown): Attached | undefined =>
    [...attached].find((a) => a.contents === sender);

  async function handleInvoke(
    channel: InvokeChannel,
    event: InvokeEventLike,
    request: unknown,
  ): Promise<InvokeResult> {
    const target = find(event.sender);
    if (!isTrustedSender(event, target?.contents, deps.pageUrl)) {
      log(`refused ${channel} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return forbidden(channel);
    }
    const result = await dispatch(deps.handlers, channel, request);
    // Flushing here, before the reply, means the page's listeners see queued events first.
    if (channel === 'app:ready' && result.ok) target?.queue.markReady();
    return result;
  }

  for (const channel of invokeChannels) {
    deps.ipcMain.handle(channel, (event, request) => handleInvoke(channel, event, request));
  }

  return {
    attach(contents) {
      const send = (channel: string, payload: unknown): void => {
        if (!contents.isDestroyed()) contents.send(channel, payload);
      };
      const entry: Attached = { contents, queue: createEventOutbox({ send }) };
      attached.add(entry);
      return {
        pageReset: () => entry.queue.reset(),
        detach: () => attached.delete(entry),
      };
    },
    emit(channel, payload) {
      for (const entry of attached) entry.queue.push(channel, payload);
    },
    dispose() {
      for (const channel of invokeChannels) deps.ipcMain.removeHandler(channel);
      attached.clear();
    },
  };
}
