/**
 * Bounded reads for `-f FILE` and `-f -`: a mirrord config is a few hundred bytes, so anything
 * over the limit is refused before it is held in memory. Regular files only: `-f /dev/zero`
 * must not grow without bound and a FIFO must not block (opened O_NONBLOCK, then checked).
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { PortsideError } from '../../shared/errors.ts';

/** Largest config file we read. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

const tooBig = (max: number): PortsideError =>
  new PortsideError('Validation', `the file is larger than ${max / 1024} KiB`);

/** Reads a regular file of at most `max` bytes as UTF-8. */
export async function readLimitedFile(file: string, max = MAX_CONFIG_BYTES): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (!info.isFile()) throw new PortsideError('Validation', 'this is not a regular file');
    if (info.size > max) throw tooBig(max);
    const buf = Buffer.alloc(max + 1);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    if (bytesRead > max) throw tooBig(max);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Reads a stream (stdin) up to `max` bytes; more is refused and the rest left unread. */
export async function readLimitedStream(stream: Readable, max = MAX_CONFIG_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > max) {
      stream.destroy();
      throw tooBig(max);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
