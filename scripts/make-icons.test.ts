import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ICONS, render } from './make-icons.mjs';

interface Png {
  width: number;
  height: number;
  colorType: number;
  pixels: Buffer;
}

/** Reads the PNGs make-icons writes (8-bit RGBA, filter 0 rows), checking chunk structure. */
function decodePng(file: Buffer): Png {
  expect(file.subarray(0, 8)).toEqual(
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  );
  let at = 8;
  let ihdr: Buffer | undefined;
  const idat: Buffer[] = [];
  while (at < file.length) {
    const len = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    const data = file.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const width = ihdr!.readUInt32BE(0);
  const height = ihdr!.readUInt32BE(4);
  const rows = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    expect(rows[y * (stride + 1)]).toBe(0);
    rows.copy(pixels, y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
  }
  return { width, height, colorType: ihdr![9]!, pixels };
}

describe('committed icons', () => {
  it.each(ICONS.map((i) => [i.file, i] as const))(
    'assets/%s is what make-icons draws',
    async (_f, icon) => {
      const png = decodePng(await readFile(new URL(`../assets/${icon.file}`, import.meta.url)));
      expect([png.width, png.height, png.colorType]).toEqual([icon.size, icon.size, 6]);
      expect(png.pixels.equals(render(icon.size, icon.layers()))).toBe(true);
    },
  );

  it('app icons are opaque in the middle and transparent in the corners', async () => {
    const png = decodePng(await readFile(new URL('../assets/icons/256x256.png', import.meta.url)));
    const alpha = (x: number, y: number) => png.pixels[(y * 256 + x) * 4 + 3];
    expect(alpha(128, 128)).toBe(255);
    expect(alpha(0, 0)).toBe(0);
  });

  it('tray icons are template images: black ink on transparency only', async () => {
    for (const file of ['tray/trayTemplate.png', 'tray/trayTemplate@2x.png']) {
      const { pixels } = decodePng(await readFile(new URL(`../assets/${file}`, import.meta.url)));
      let inked = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        expect(pixels[i]! + pixels[i + 1]! + pixels[i + 2]!).toBe(0);
        if (pixels[i + 3]! > 128) inked += 1;
      }
      expect(inked).toBeGreaterThan(pixels.length / 4 / 10);
    }
  });
});
