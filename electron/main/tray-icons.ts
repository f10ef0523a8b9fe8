/** Which tray icon file shows a health, and where the icons are (assets/tray, packaged as <resources>/tray). */
import { join } from 'node:path';
import type { TrayHealth } from './tray-model.ts';

/** macOS wants template images (black + alpha, tinted by the menu bar); elsewhere coloured PNGs. */
export function trayIconFile(health: TrayHealth, platform: NodeJS.Platform): string {
  if (platform === 'darwin')
    return health === 'ok' ? 'trayTemplate.png' : `tray-${health}Template.png`;
  return `tray-${health}.png`;
}

/** `extraResources` in electron-builder.yml copies assets/tray next to the asar. */
export function trayIconDir(
  app: { isPackaged: boolean; getAppPath(): string },
  resourcesPath: string,
): string {
  return app.isPackaged ? join(resourcesPath, 'tray') : join(app.getAppPath(), 'assets', 'tray');
}
