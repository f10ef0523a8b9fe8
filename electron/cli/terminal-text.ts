/**
 * Text bound for a terminal. Names and reasons come from kubeconfigs, clusters and files we do not
 * control: an escape sequence in a context name must not rewrite the user's terminal, and a 30 kB
 * error must not flood it.
 */
import { clip, escapeControls, UNSAFE_CHARS } from '../../shared/display-text.ts';

/** Longest line we print; the rest is summarised. */
export const MAX_LINE_CHARS = 2000;

/** One printable line: control characters shown as `\xNN`, cut at `max` characters. */
export function terminalLine(text: string, max = MAX_LINE_CHARS): string {
  return clip(escapeControls(text), max);
}

/**
 * An NDJSON line made terminal-safe without breaking the JSON: JSON.stringify already escapes
 * C0 controls but not DEL, C1 or bidi overrides.
 */
export function jsonLine(json: string): string {
  return json.replace(UNSAFE_CHARS, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
