import { describe, expect, it } from 'vitest';
import { ExecChannel, frame, frameReader } from './protocol.ts';

describe('exec frames', () => {
  it('round-trips frames split at any byte boundary', () => {
    const bytes = Buffer.concat([
      frame(ExecChannel.Stdout, 'hello'),
      frame(ExecChannel.Stderr, Buffer.alloc(70_000, 7)),
      frame(ExecChannel.Exit, '{"code":3}'),
      frame(ExecChannel.StdinEnd),
    ]);
    for (const step of [1, 3, 4096, bytes.length]) {
      const got: [number, number][] = [];
      const push = frameReader((ch, p) => got.push([ch, p.length]));
      for (let i = 0; i < bytes.length; i += step) push(bytes.subarray(i, i + step));
      expect(got).toEqual([
        [1, 5],
        [2, 70_000],
        [3, 10],
        [4, 0],
      ]);
    }
  });
});
