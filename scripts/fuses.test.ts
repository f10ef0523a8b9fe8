import { describe, expect, it } from 'vitest';
import { FUSE_SENTINEL, PORTSIDE_FUSES, flipFuseWires, fuseFileFor, readFuses } from './fuses.mjs';

const wire = (states: string, version = 1) =>
  Buffer.concat([
    FUSE_SENTINEL,
    Buffer.from([version, states.length]),
    Buffer.from(states, 'latin1'),
  ]);
const binary = (...parts: Buffer[]) =>
  Buffer.concat([Buffer.from('\x7fELF....'), ...parts, Buffer.from('tail')]);

describe('flipFuseWires', () => {
  it('sets exactly the configured fuses and leaves the rest', () => {
    const bin = binary(wire('101100011'));
    expect(flipFuseWires(bin, PORTSIDE_FUSES)).toBe(1);
    expect(readFuses(bin)).toEqual({
      RunAsNode: 'off',
      EnableCookieEncryption: 'on',
      EnableNodeOptionsEnvironmentVariable: 'off',
      EnableNodeCliInspectArguments: 'off',
      EnableEmbeddedAsarIntegrityValidation: 'on',
      OnlyLoadAppFromAsar: 'on',
      LoadBrowserProcessSpecificV8Snapshot: 'off',
      GrantFileProtocolExtraPrivileges: 'on',
      WasmTrapHandlers: 'on',
    });
    expect(bin.subarray(-4).toString()).toBe('tail');
  });

  it('flips both slices of a universal macOS binary', () => {
    const bin = binary(wire('111111'), Buffer.from('middle'), wire('111111'));
    expect(flipFuseWires(bin, { RunAsNode: false })).toBe(2);
    const second = bin.lastIndexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length + 2;
    expect(String.fromCharCode(bin[second]!)).toBe('0');
    expect(readFuses(bin).RunAsNode).toBe('off');
  });

  it('keeps a fuse the binary marks as removed', () => {
    const bin = binary(wire('r11111'));
    flipFuseWires(bin, { RunAsNode: true });
    expect(readFuses(bin).RunAsNode).toBe('removed');
  });

  it('refuses binaries it does not understand instead of guessing', () => {
    expect(() => flipFuseWires(Buffer.from('no wire here'), PORTSIDE_FUSES)).toThrow(
      /no fuse wire/,
    );
    expect(() => flipFuseWires(binary(wire('111111', 2)), PORTSIDE_FUSES)).toThrow(/version 2/);
    expect(() => flipFuseWires(binary(wire('111')), PORTSIDE_FUSES)).toThrow(
      /no EnableNodeCliInspectArguments fuse/,
    );
    const bin = binary(wire('111111'));
    expect(() => flipFuseWires(bin, { Bogus: true } as never)).toThrow(/unknown fuse Bogus/);
  });
});

describe('fuseFileFor', () => {
  const packager = { appInfo: { productFilename: 'Portside' }, executableName: 'portside' };
  it.each([
    ['linux', '/o/portside'],
    ['win32', '/o/Portside.exe'],
    [
      'darwin',
      '/o/Portside.app/Contents/Frameworks/Electron Framework.framework/Electron Framework',
    ],
  ])('%s → %s', (platform, expected) => {
    expect(fuseFileFor({ appOutDir: '/o', electronPlatformName: platform, packager })).toBe(
      expected,
    );
  });
});
