/**
 * The one poller for tests, e2e and tools: wait for a state with a deadline, never a fixed sleep.
 * The probe may be sync or async; a truthy value ends the wait and is returned.
 * `everyMs` spaces the probes (raise it for probes that spawn processes).
 */
export async function until<T>(
  probe: () => T | Promise<T>,
  what: string | (() => string) = 'condition',
  ms = 10_000,
  everyMs = 5,
): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
