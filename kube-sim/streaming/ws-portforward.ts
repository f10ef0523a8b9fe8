/**
 * Port-forward over WebSocket `v4.channel.k8s.io` / `v4.base64.channel.k8s.io` (docs/kube-wire.md
 * §3, kubelet portforward/websocket.go): channel 2i = data, 2i+1 = error for the i-th port; both
 * start with the port as uint16 LE; pods are dialled when the WebSocket opens; no half-close.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { forwardErrorText, type StreamContext } from './context.ts';
import { HIGH_WATER, LOW_WATER, portPrefix, readChannel, sendChannel } from './ws-channels.ts';

/** A pod connection nobody reads any more is destroyed after this long (its FIN was sent). */
const LINGER_MS = 5_000;

/** Parses `ports` (repeated or comma-separated, also the kubelet's `port`); throws on bad values. */
export function parsePorts(url: string | undefined): number[] {
  const query = new URL(url ?? '/', 'http://sim.invalid').searchParams;
  const raw = [...query.getAll('ports'), ...query.getAll('port')].flatMap((v) => v.split(','));
  return raw.map((v) => {
    const port = Number(v.trim());
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid port "${v}"`);
    return port;
  });
}

/** Serves one port-forward WebSocket until all its ports are done or the client closes it. */
export function serveWsPortForward(
  ws: WebSocket,
  ports: number[],
  base64: boolean,
  ctx: StreamContext,
): void {
  const untrack = ctx.track(() => ws.terminate());
  const pods: Array<Duplex | undefined> = [];
  let remaining = ports.length;
  const portDone = (): void => {
    if (--remaining > 0) return;
    ws.resume(); // a pod that stopped reading may have paused us; the close handshake needs input
    ws.close(1000); // queued data frames go out before the close frame
  };
  ws.pause(); // hold client data until every dial has settled
  ports.forEach((port, i) => {
    sendChannel(ws, base64, 2 * i, portPrefix(port));
    sendChannel(ws, base64, 2 * i + 1, portPrefix(port));
  });
  const dials = ports.map((port, i) => dialPort(ws, base64, ctx, port, i, pods, portDone));
  void Promise.all(dials).then(() => ws.resume());
  ws.on('message', (data, isBinary) => {
    const msg = readChannel(data, isBinary);
    if (!msg || msg.channel % 2 !== 0) return; // the error channels are server → client only
    const pod = pods[msg.channel / 2];
    if (
      pod &&
      !pod.destroyed &&
      !pod.writableEnded &&
      msg.payload.length > 0 &&
      !pod.write(msg.payload)
    ) {
      ws.pause();
      pod.once('drain', () => ws.resume());
    }
  });
  ws.on('close', () => {
    untrack();
    for (const pod of pods) if (pod) release(pod);
  });
}

async function dialPort(
  ws: WebSocket,
  base64: boolean,
  ctx: StreamContext,
  port: number,
  i: number,
  pods: Array<Duplex | undefined>,
  done: () => void,
): Promise<void> {
  let pod: Duplex;
  try {
    pod = await ctx.runtime.dial(ctx.pod, port);
  } catch (err) {
    sendChannel(ws, base64, 2 * i + 1, Buffer.from(forwardErrorText(port, ctx.pod, err)));
    done();
    return;
  }
  if (ws.readyState !== ws.OPEN) {
    pod.destroy();
    return;
  }
  pods[i] = pod;
  pod.on('data', (chunk: Buffer) => {
    sendChannel(ws, base64, 2 * i, chunk, () => {
      if (pod.isPaused() && ws.bufferedAmount < LOW_WATER) pod.resume();
    });
    if (ws.bufferedAmount > HIGH_WATER) pod.pause();
  });
  let finished = false;
  const finish = (): void => {
    if (!finished) ((finished = true), done());
  };
  pod.on('end', finish);
  pod.on('error', (err) => {
    sendChannel(ws, base64, 2 * i + 1, Buffer.from(forwardErrorText(port, ctx.pod, err)));
    finish();
  });
  pod.on('close', finish);
}

/** The client is gone: send FIN, drop whatever the pod still says, and never leak the socket. */
function release(pod: Duplex): void {
  if (pod.destroyed) return;
  pod.removeAllListeners('data');
  pod.on('error', () => {});
  pod.end();
  pod.resume();
  pod.once('end', () => pod.destroy());
  setTimeout(() => pod.destroy(), LINGER_MS).unref();
}
