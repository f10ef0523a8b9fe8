/** Types for scripts/fuses.mjs (plain JS so electron-builder can load it without a compiler). */
export declare const FUSE_SENTINEL: Buffer;
export declare const FUSE_INDEX: Readonly<Record<FuseName, number>>;
export type FuseName =
  | 'RunAsNode'
  | 'EnableCookieEncryption'
  | 'EnableNodeOptionsEnvironmentVariable'
  | 'EnableNodeCliInspectArguments'
  | 'EnableEmbeddedAsarIntegrityValidation'
  | 'OnlyLoadAppFromAsar'
  | 'LoadBrowserProcessSpecificV8Snapshot'
  | 'GrantFileProtocolExtraPrivileges'
  | 'WasmTrapHandlers';
export type FuseConfig = Partial<Record<FuseName, boolean>>;
export type FuseState = 'on' | 'off' | 'removed' | 'unknown';
export declare const PORTSIDE_FUSES: Readonly<FuseConfig>;
export declare function readFuses(binary: Buffer): Record<string, FuseState>;
export declare function flipFuseWires(binary: Buffer, config: FuseConfig): number;
export declare function flipFusesInFile(file: string, config: FuseConfig): Promise<number>;
export declare function fuseFileFor(context: {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName: string };
}): string;
