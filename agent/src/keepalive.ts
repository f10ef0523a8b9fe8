/**
 * HTTP/2 PING every `ms`, both sides: a session whose peer does not answer one ping before the
 * next is due is destroyed (a vanished engine or a stuck port-forward would otherwise look alive
 * forever: node never fails an unanswered ping by itself).
 */
interface Pingable {
  ping(cb: (err: Error | null) => void): boolean;
  destroy(): void;
}

/** Starts pinging; returns the stop function (call it when the session closes). */
export function keepAlive(session: Pingable, ms: number, unref = false): () => void {
  if (ms <= 0) return () => {};
  let waiting = false;
  const t = setInterval(() => {
    if (waiting) {
      clearInterval(t);
      session.destroy();
      return;
    }
    try {
      waiting = session.ping((err) => {
        waiting = false;
        if (err) session.destroy();
      });
      if (!waiting) session.destroy(); // too many unanswered pings queued
    } catch {
      clearInterval(t); // already destroyed
    }
  }, ms);
  if (unref) t.unref();
  return () => clearInterval(t);
}
