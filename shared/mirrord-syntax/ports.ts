/** Port parsing with the exact acceptance rules of Rust's `u16::from_str`, as mirrord uses it. */
import type { ParseResult } from './types.ts';
import { portParseError, portZeroError } from './messages.ts';

// Rust's integer parser accepts an optional leading `+` and any number of leading zeros.
const RUST_U16 = /^\+?[0-9]+$/;

/** Parses one port of `arg`; `0` and anything that is not a u16 are errors with mirrord's texts. */
export function parsePort(raw: string, arg: string): ParseResult<number> {
  if (!RUST_U16.test(raw)) return { ok: false, error: portParseError(raw, arg) };
  const digits = raw.replace(/^\+/, '').replace(/^0+(?=[0-9])/, '');
  const value = digits.length > 5 ? Infinity : Number(digits);
  if (value > 65535) return { ok: false, error: portParseError(raw, arg) };
  if (value === 0) return { ok: false, error: portZeroError(arg) };
  return { ok: true, value };
}

/** True for an integer usable as a TCP port (1–65535). */
export function isPort(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}
