/**
 * What a dropped or named file must be before it is parsed: at most 1 MiB, text (UTF-8, no NUL),
 * not empty. Runs on bytes so the browser, Electron and the CLI refuse the same files the same way.
 */
import type { ParseResult } from '../mirrord-syntax/types.ts';

/** mirrord config files are a few hundred bytes; anything past this is not one. */
export const MAX_IMPORT_BYTES = 1024 * 1024;

const mib = (n: number): string => `${(n / MAX_IMPORT_BYTES).toFixed(1)} MiB`;

/** Refusal for a size known before reading (a File's `size`, a stat), so a huge file is never read. */
export function sizeProblem(size: number): string | undefined {
  if (size <= MAX_IMPORT_BYTES) return undefined;
  return `the file is ${mib(size)}; a mirrord config file is at most 1 MiB, so this is not one`;
}

/** Bytes → text, or why the file is not a config file. */
export function decodeConfigBytes(bytes: Uint8Array): ParseResult<string> {
  const tooBig = sizeProblem(bytes.byteLength);
  if (tooBig) return { ok: false, error: tooBig };
  // A NUL never appears in JSON, TOML or YAML text; it is the cheapest sign of a binary file.
  if (bytes.includes(0)) {
    return {
      ok: false,
      error: 'this is a binary file, not a mirrord config file (JSON, TOML or YAML text)',
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: 'this file is not UTF-8 text, so it is not a mirrord config file' };
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    return { ok: false, error: 'the file is empty: there is nothing to import' };
  }
  return { ok: true, value: text };
}
