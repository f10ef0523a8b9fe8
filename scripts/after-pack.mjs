/**
 * electron-builder afterPack hook: flips Portside's fuses (scripts/fuses.mjs) in the packaged
 * Electron binary. It runs after the asar and its integrity hash are written and before signing,
 * which is the order fuses require (a flipped binary must be signed afterwards).
 */
import { spawnSync } from 'node:child_process';
import { PORTSIDE_FUSES, flipFusesInFile, fuseFileFor } from './fuses.mjs';

export default async function afterPack(context) {
  const file = fuseFileFor(context);
  await flipFusesInFile(file, PORTSIDE_FUSES);
  // Apple Silicon refuses a modified binary whose signature no longer matches. Re-sign ad hoc;
  // a real identity configured for the build signs over it right after this hook.
  if (context.electronPlatformName === 'darwin' && process.platform === 'darwin') {
    const app = file.slice(0, file.indexOf('.app/') + 4);
    const r = spawnSync('codesign', [
      '--sign',
      '-',
      '--force',
      '--deep',
      '--preserve-metadata=entitlements,requirements,flags,runtime',
      app,
    ]);
    if (r.status !== 0) throw new Error(`ad-hoc codesign failed: ${r.stderr}`);
  }
}
