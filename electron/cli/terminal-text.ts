/**
 * Text bound for a terminal. Names and reasons come from kubeconfigs, clusters and files we do not
 * control: an escape sequence in a context name must not rewrite the user's terminal, and a 30 kB
 * error must not flood it.
 */

/** Longest line we print; the rest is summarised. */
export const MAX_LINE_CHARS = 2000;

// C0 controls (tab and newline included: a line stays one line), DEL, C1 controls (U+009B is a
// one-character CSI for many terminals), and the bidi overrides that make text read backwards.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escape = (ch: string): string => {
  const code = ch.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** One printable line: control characters shown as `\xNN`, cut at `max` characters. */
export function terminalLine(text: string, max = MAX_LINE_CHARS): string {
  const safe = text.replace(UNSAFE, escape);
  if (safe.length <= max) return safe;
  return `${safe.slice(0, max)}… (${safe.length - max} more characters)`;
}

/**
 * An NDJSON line made terminal-safe without breaking the JSON: JSON.stringify already escapes
 * C0 controls but not DEL, C1 or bidi overrides.
 */
export function jsonLine(json: string): string {
  return json.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
