/**
 * The runtime's side of a sandbox process: launches it inside a namespace, holds its control
 * connection, and opens dial/exec connections (protocol: kube-sim/sandbox/protocol.ts).
 * Lifetime: the sandbox exits when the control connection closes, so `close()` — or this process
 * dying — ends it; `removeNamespace` then kills anything it left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { PortsideError } from '../../../shared/errors.ts';
import type { ExecIO } from '../types.ts';
import { relayExec } from './exec-client.ts';
import {
  readHeaderLine,
  writeLine,
  type ControlEvent,
  type ControlRequest,
  type Header,
} from '../../sandbox/protocol.ts';

const READY_TIMEOUT_MS = 30_000;

type ExecHeader = Extract<Header, { op: 'exec' }>;

export interface SandboxClient {
  request<T = unknown>(req: ControlRequest): Promise<T>;
  dial(port: number): Promise<Duplex>;
  exec(header: Omit<ExecHeader, 'op'>, io: ExecIO): Promise<number>;
  /** Closes the control connection after an orderly shutdown; resolves when the process exited. */
  close(graceMs: number): Promise<void>;
}

export interface SandboxLaunch {
  ns: string;
  socketPath: string;
  /** The sandbox gets its own UTS namespace with this hostname (the pod name), as in a pod. */
  hostname: string;
  /** Node arguments that run kube-sim/sandbox/main.ts (see sandbox-bundle.ts). */
  nodeArgs: string[];
  onEvent(e: ControlEvent): void;
  /** The control connection closed (the sandbox exited, or close() was called). */
  onClosed?(): void;
}

/** Starts a sandbox inside namespace `ns` and connects to it. */
export async function launchSandbox(l: SandboxLaunch): Promise<SandboxClient> {
  const child = spawn(
    'ip',
    [
      'netns',
      'exec',
      l.ns,
      'unshare',
      '--uts',
      '--',
      'sh',
      '-c',
      'hostname "$0" && exec "$@"',
      l.hostname,
      process.execPath,
      ...l.nodeArgs,
      '--socket',
      l.socketPath,
    ],
    // Own process group: a Ctrl-C in the owner's terminal must not kill pods behind its back.
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await waitReady(child);
  const control = await openConnection(l.socketPath, { op: 'control' });
  control.once('close', () => l.onClosed?.());
  return createClient(l.socketPath, control, exited, l.onEvent);
}

function waitReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => fail(`no "ready" within ${READY_TIMEOUT_MS} ms`),
      READY_TIMEOUT_MS,
    );
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(
        new PortsideError(
          'Internal',
          `kube-sim sandbox did not start: ${why}; stderr: ${err.trim().slice(-500)}`,
        ),
      );
    };
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)));
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      out = out.slice(-100); // only the ready line matters
      if (out.includes('ready\n')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('close', (code) => fail(`exited with ${code}`));
  });
}

/** Opens a unix connection to the sandbox and performs the header handshake. */
function openConnection(socketPath: string, header: Header): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = connect({ path: socketPath, allowHalfOpen: true });
    sock.once('error', reject);
    sock.once('connect', () => {
      writeLine(sock, header);
      readHeaderLine<{ ok: boolean; error?: string }>(sock).then((reply) => {
        sock.off('error', reject);
        if (reply.ok) return resolve(sock);
        sock.destroy();
        reject(new PortsideError('Network', reply.error ?? 'sandbox refused the connection'));
      }, reject);
    });
  });
}

function createClient(
  socketPath: string,
  control: Socket,
  exited: Promise<void>,
  onEvent: (e: ControlEvent) => void,
): SandboxClient {
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let buf = '';
  control.setEncoding('utf8');
  control.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const msg = JSON.parse(buf.slice(0, nl)) as {
        id?: number;
        ok?: boolean;
        result?: unknown;
        error?: string;
      } & Partial<ControlEvent>;
      buf = buf.slice(nl + 1);
      if (typeof msg.id !== 'number') onEvent(msg as ControlEvent);
      else {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.ok) p?.resolve(msg.result);
        else p?.reject(new PortsideError('Internal', msg.error ?? 'sandbox request failed'));
      }
    }
  });
  control.on('error', () => undefined);
  control.on('end', () => control.end()); // opened half-open-capable; the sandbox is gone
  control.on('close', () => {
    for (const p of pending.values())
      p.reject(new PortsideError('Internal', 'the pod sandbox exited'));
    pending.clear();
  });
  control.resume();

  const request = <T>(req: ControlRequest): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (control.destroyed) return reject(new PortsideError('Internal', 'the pod sandbox exited'));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      writeLine(control, { id, ...req });
    });

  return {
    request,
    dial: async (port) => {
      const sock = await openConnection(socketPath, { op: 'dial', port });
      sock.resume();
      return sock;
    },
    exec: async (header, io) =>
      relayExec(await openConnection(socketPath, { op: 'exec', ...header }), io),
    close: async (graceMs) => {
      await request({ op: 'shutdown', graceMs }).catch(() => undefined);
      control.end();
      await exited;
    },
  };
}
