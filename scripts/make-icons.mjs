/**
 * Draws Portside's icons into assets/ (run `node scripts/make-icons.mjs`; the PNGs are committed).
 * The mark: a porthole ring with two opposite arrows, the -L and -R of a port forward. Shapes are
 * signed distance fields sampled 4×4 per pixel, so edges are anti-aliased at every size.
 * Plain node:zlib PNG writer, no image library.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

const SAMPLES = 4;

/** A shape layer: coverage from a distance function (negative inside), painted in `rgba`. */
const layer = (sdf, rgba) => ({ sdf, rgba });

function roundedBox(px, py, cx, cy, half, radius) {
  const qx = Math.abs(px - cx) - half + radius;
  const qy = Math.abs(py - cy) - half + radius;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

function capsule(px, py, ax, ay, bx, by, r) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy) - r;
}

/** An arrow along y from x0 to x1 (head at x1): a shaft plus two rounded barbs. */
function arrow(px, py, x0, x1, y, r, head) {
  const dir = Math.sign(x1 - x0);
  const shaft = capsule(px, py, x0, y, x1, y, r);
  const barbA = capsule(px, py, x1, y, x1 - dir * head, y - head, r);
  const barbB = capsule(px, py, x1, y, x1 - dir * head, y + head, r);
  return Math.min(shaft, barbA, barbB);
}

/** The mark in unit coordinates (0..1), centred at 0.5. */
function markLayers({ ring, ink, accent }) {
  const arrows = (px, py, r) =>
    Math.min(arrow(px, py, 0.36, 0.64, 0.405, r, 0.06), arrow(px, py, 0.64, 0.36, 0.595, r, 0.06));
  const layers = [layer((x, y) => arrows(x, y, 0.027), ink)];
  if (ring)
    layers.unshift(layer((x, y) => Math.abs(Math.hypot(x - 0.5, y - 0.5) - 0.285) - 0.035, accent));
  return layers;
}

/** App icon: dark rounded square, teal ring, white arrows. */
export function appIconLayers() {
  return [
    layer((x, y) => roundedBox(x, y, 0.5, 0.5, 0.44, 0.1), [15, 23, 42, 255]),
    ...markLayers({ ring: true, ink: [248, 250, 252, 255], accent: [45, 212, 191, 255] }),
  ];
}

/** Tray icon (macOS template image: black plus alpha): the two arrows, heavier for small sizes. */
export function trayIconLayers() {
  const arrows = (x, y) =>
    Math.min(arrow(x, y, 0.14, 0.86, 0.29, 0.07, 0.16), arrow(x, y, 0.86, 0.14, 0.71, 0.07, 0.16));
  return [layer(arrows, [0, 0, 0, 255])];
}

// Tray health (the tray issue): a badge in the lower right corner, cut out of the arrows so it reads
// at 16 px. macOS template images are black plus alpha, so health is the badge's shape there (a ring
// while reconnecting, a disc when something failed); Linux and Windows PNGs also use colour.
const BADGE = { x: 0.76, y: 0.76, r: 0.22 };
const badgeDisc = (x, y) => Math.hypot(x - BADGE.x, y - BADGE.y) - BADGE.r;
const badgeRing = (x, y) => Math.abs(badgeDisc(x, y) + 0.055) - 0.055;
const TRAY_COLOURS = {
  ok: [20, 184, 166, 255],
  arrows: [100, 116, 139, 255],
  reconnecting: [245, 158, 11, 255],
  failed: [220, 38, 38, 255],
};

/** Tray icon for a health (`ok`, `reconnecting`, `failed`); `template` = macOS template image. */
export function trayHealthLayers(health, template) {
  const arrows = trayIconLayers()[0].sdf;
  if (health === 'ok') return [layer(arrows, template ? [0, 0, 0, 255] : TRAY_COLOURS.ok)];
  const cut = (x, y) => Math.max(arrows(x, y), -(badgeDisc(x, y) - 0.07));
  const badge = health === 'failed' ? badgeDisc : badgeRing;
  if (template) return [layer(cut, [0, 0, 0, 255]), layer(badge, [0, 0, 0, 255])];
  return [layer(cut, TRAY_COLOURS.arrows), layer(badge, TRAY_COLOURS[health])];
}

const trayHealthIcons = ['ok', 'reconnecting', 'failed'].flatMap((health) =>
  [16, 32].flatMap((size) => {
    const x2 = size === 32 ? '@2x' : '';
    const colour = {
      file: `tray/tray-${health}${x2}.png`,
      size,
      layers: () => trayHealthLayers(health, false),
    };
    // The plain `trayTemplate` is the ok template (it predates the health icons).
    if (health === 'ok') return [colour];
    const template = {
      file: `tray/tray-${health}Template${x2}.png`,
      size,
      layers: () => trayHealthLayers(health, true),
    };
    return [colour, template];
  }),
);

/** Rasterizes layers (painted in order, "over" compositing) into straight RGBA. */
export function render(size, layers) {
  const out = Buffer.alloc(size * size * 4);
  const edge = 1 / size / 2;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0; // premultiplied
      for (const { sdf, rgba } of layers) {
        let cover = 0;
        for (let s = 0; s < SAMPLES * SAMPLES; s++) {
          const x = (px + ((s % SAMPLES) + 0.5) / SAMPLES) / size;
          const y = (py + (Math.floor(s / SAMPLES) + 0.5) / SAMPLES) / size;
          cover += Math.max(0, Math.min(1, 0.5 - sdf(x, y) / (2 * edge)));
        }
        const alpha = (cover / (SAMPLES * SAMPLES)) * (rgba[3] / 255);
        r = rgba[0] * alpha + r * (1 - alpha);
        g = rgba[1] * alpha + g * (1 - alpha);
        b = rgba[2] * alpha + b * (1 - alpha);
        a = alpha + a * (1 - alpha);
      }
      const i = (py * size + px) * 4;
      out[i] = a ? Math.round(r / a) : 0;
      out[i + 1] = a ? Math.round(g / a) : 0;
      out[i + 2] = a ? Math.round(b / a) : 0;
      out[i + 3] = Math.round(a * 255);
    }
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes straight RGBA as an 8-bit RGBA PNG (filter 0 on every row). */
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++)
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Every icon file: path under assets/, pixel size, layers. */
export const ICONS = [
  { file: 'icons/512x512.png', size: 512, layers: appIconLayers },
  { file: 'icons/256x256.png', size: 256, layers: appIconLayers },
  { file: 'tray/trayTemplate.png', size: 16, layers: trayIconLayers },
  { file: 'tray/trayTemplate@2x.png', size: 32, layers: trayIconLayers },
  ...trayHealthIcons,
];

export async function writeIcons(assetsDir) {
  for (const { file, size, layers } of ICONS) {
    const target = join(assetsDir, file);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, encodePng(size, render(size, layers())));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const assets = fileURLToPath(new URL('../assets/', import.meta.url));
  await writeIcons(assets);
  console.log(`wrote ${ICONS.map((i) => i.file).join(', ')} to ${assets}`);
}
