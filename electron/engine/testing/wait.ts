/** Waiting on states in tests: poll a condition with a deadline, never a fixed sleep. */
export async function until<T>(
  probe: () => T | undefined | false,
  what: string | (() => string) = 'condition',
  ms = 5000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
