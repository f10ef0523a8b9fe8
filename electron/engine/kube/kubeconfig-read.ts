/**
 * Reading one kubeconfig file without trusting it. The probe found a FIFO that froze the whole
 * `serve` host (a synchronous read waiting for a writer), `/dev/zero` growing to 11 GB, and
 * errors that quoted the file — a secret pasted in the wrong file went to every browser tab.
 * So: regular files only (checked on an O_NONBLOCK descriptor, so opening a FIFO cannot block),
 * a size limit, YAML with an alias budget, and messages that name a line, never its content.
 */
import { constants, fstatSync, openSync, closeSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parse, YAMLParseError } from 'yaml';
import { PortsideError, errorText } from '../../../shared/errors.ts';

/** Real kubeconfigs with dozens of contexts and embedded certificates stay far below this. */
export const MAX_KUBECONFIG_BYTES = 4 * 1024 * 1024;
/** YAML aliases allowed per file (a "billion laughs" document needs thousands). */
const MAX_ALIASES = 100;

const fail = (file: string, why: string): PortsideError =>
  new PortsideError('KubeConfig', `cannot read kubeconfig ${file}: ${why}`);

function checkStat(file: string, info: { isFile(): boolean; size: number }): void {
  if (!info.isFile()) throw fail(file, 'it is not a regular file');
  if (info.size > MAX_KUBECONFIG_BYTES)
    throw fail(file, `it is larger than ${MAX_KUBECONFIG_BYTES / 1024 / 1024} MiB`);
}

function openError(file: string, err: unknown): PortsideError {
  if (err instanceof PortsideError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return fail(file, 'no such file');
  if (code === 'EACCES' || code === 'EPERM') return fail(file, 'permission denied');
  if (code === 'EISDIR') return fail(file, 'it is not a regular file');
  return fail(file, code ?? 'the file could not be read');
}

const FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/** Reads the file's text asynchronously within the limits above. */
export async function readKubeconfigText(file: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, FLAGS);
    checkStat(file, await handle.stat());
    // A file that grows after the stat still stops at the limit.
    const buf = Buffer.alloc(MAX_KUBECONFIG_BYTES + 1);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    if (bytesRead > MAX_KUBECONFIG_BYTES) throw fail(file, 'it grew past the size limit');
    return buf.subarray(0, bytesRead).toString('utf8');
  } catch (err) {
    throw openError(file, err);
  } finally {
    await handle?.close();
  }
}

/** The same, synchronously, for callers that cannot wait (tests, benchmarks). */
export function readKubeconfigTextSync(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, FLAGS);
    checkStat(file, fstatSync(fd));
    const buf = Buffer.alloc(MAX_KUBECONFIG_BYTES + 1);
    const n = readSync(fd, buf, 0, buf.length, 0);
    if (n > MAX_KUBECONFIG_BYTES) throw fail(file, 'it grew past the size limit');
    return buf.subarray(0, n).toString('utf8');
  } catch (err) {
    throw openError(file, err);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function looksBinary(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- NUL and other C0 bytes never occur in YAML text
  return text.includes('\u0000') || /[\u0001-\u0008\u000e-\u001f]/.test(text.slice(0, 4096));
}

/** Parses kubeconfig text; relative certificate paths resolve against the file's folder. */
export function parseKubeconfig(file: string, text: string): KubeConfig {
  if (looksBinary(text)) throw fail(file, 'it is a binary file, not YAML');
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: MAX_ALIASES, prettyErrors: false });
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const [line, col] = err.linePos?.[0] ? [err.linePos[0].line, err.linePos[0].col] : [0, 0];
      throw fail(file, `not valid YAML (line ${line}, column ${col})`);
    }
    throw fail(file, 'not valid YAML (too many aliases or too deeply nested)');
  }
  if (doc === null || doc === undefined) throw fail(file, 'it is empty');
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw fail(file, 'it is not a kubeconfig (expected clusters, users and contexts)');
  const kc = new KubeConfig();
  try {
    kc.loadFromString(JSON.stringify(doc));
  } catch (err) {
    // client-node names the missing field (e.g. "clusters[0].name is missing"); keep it short.
    throw fail(file, errorText(err).split('\n')[0]!.slice(0, 200));
  }
  kc.makePathsAbsolute(path.dirname(file));
  return kc;
}
