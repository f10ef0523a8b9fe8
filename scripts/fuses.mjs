/**
 * Electron fuses, flipped in the packaged binary by the afterPack hook (scripts/after-pack.mjs).
 * electron-builder 25.1.8 has no `electronFuses` option and @electron/fuses is not a dependency,
 * so this is a small implementation of the documented fuse wire:
 *   <sentinel> <version byte = 1> <length byte N> <N state bytes: '0' off, '1' on, 'r' removed>
 * A universal macOS binary holds one wire per slice; every copy is flipped.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const FUSE_SENTINEL = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX');
const WIRE_VERSION = 1;
const ON = 0x31;
const OFF = 0x30;
const REMOVED = 0x72;

/** Position of each fuse in the V1 wire (Electron's fuses.json5 order). */
export const FUSE_INDEX = Object.freeze({
  RunAsNode: 0,
  EnableCookieEncryption: 1,
  EnableNodeOptionsEnvironmentVariable: 2,
  EnableNodeCliInspectArguments: 3,
  EnableEmbeddedAsarIntegrityValidation: 4,
  OnlyLoadAppFromAsar: 5,
  LoadBrowserProcessSpecificV8Snapshot: 6,
  GrantFileProtocolExtraPrivileges: 7,
  WasmTrapHandlers: 8,
});

/** Portside's fuse settings: the ones electron-builder.yml would list as `electronFuses`. */
export const PORTSIDE_FUSES = Object.freeze({
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
});

function sentinelPositions(binary) {
  const found = [];
  for (
    let at = binary.indexOf(FUSE_SENTINEL);
    at !== -1;
    at = binary.indexOf(FUSE_SENTINEL, at + 1)
  ) {
    found.push(at + FUSE_SENTINEL.length);
  }
  if (found.length === 0)
    throw new Error('no fuse wire found: is this an Electron (>= 12) binary?');
  if (found.length > 2) throw new Error(`${found.length} fuse wires found; expected 1 or 2`);
  return found;
}

/** Reads the first wire: fuse name → 'on' | 'off' | 'removed' (unknown names by index). */
export function readFuses(binary) {
  const [wire] = sentinelPositions(binary);
  const length = binary[wire + 1];
  const names = Object.entries(FUSE_INDEX);
  const state = {};
  for (let i = 0; i < length; i++) {
    const name = names.find(([, index]) => index === i)?.[0] ?? `fuse${i}`;
    const byte = binary[wire + 2 + i];
    state[name] =
      byte === ON ? 'on' : byte === OFF ? 'off' : byte === REMOVED ? 'removed' : 'unknown';
  }
  return state;
}

/** Sets every fuse named in `config` in every wire of `binary` (in place); returns wire count. */
export function flipFuseWires(binary, config) {
  const wires = sentinelPositions(binary);
  for (const wire of wires) {
    if (binary[wire] !== WIRE_VERSION)
      throw new Error(`unsupported fuse wire version ${binary[wire]}`);
    const length = binary[wire + 1];
    for (const [name, enabled] of Object.entries(config)) {
      const index = FUSE_INDEX[name];
      if (index === undefined) throw new Error(`unknown fuse ${name}`);
      if (index >= length)
        throw new Error(`this Electron has no ${name} fuse (wire length ${length})`);
      if (binary[wire + 2 + index] === REMOVED) continue;
      binary[wire + 2 + index] = enabled ? ON : OFF;
    }
  }
  return wires.length;
}

/** Flips the fuses of the binary at `file`. */
export async function flipFusesInFile(file, config) {
  const binary = await readFile(file);
  const wires = flipFuseWires(binary, config);
  await writeFile(file, binary);
  return wires;
}

/** The file holding the fuse wire inside an electron-builder afterPack context. */
export function fuseFileFor(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return join(
      appOutDir,
      `${name}.app`,
      'Contents',
      'Frameworks',
      'Electron Framework.framework',
      'Electron Framework',
    );
  }
  if (electronPlatformName === 'win32') return join(appOutDir, `${name}.exe`);
  return join(appOutDir, packager.executableName);
}
