/**
 * Text from outside (kubeconfig names, cluster messages, file names) made fit for a message.
 * An escape sequence in a context name must not rewrite a terminal or confuse a UI, and a
 * 30 kB name must not become a 30 kB error line.
 */

// C0 controls (tab and newline included: a message stays one line), DEL, C1 controls (U+009B is
// a one-character CSI for many terminals), and the bidi overrides that make text read backwards.
// eslint-disable-next-line no-control-regex
export const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Control characters shown as `\xNN` (or `\uNNNN`) instead of being sent on. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE_CHARS, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Cuts `text` at `max` characters and says how much was left out. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** A name quoted inside a message: escaped and at most 100 characters. */
export function displayName(name: string, max = 100): string {
  return clip(escapeControls(name), max);
}
