/** Best-effort "open this URL in the user's browser"; failing to open is never an error. */
import { spawn } from 'node:child_process';

function opener(platform: NodeJS.Platform): [string, string[]] {
  if (platform === 'darwin') return ['open', []];
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""']];
  return ['xdg-open', []];
}

/** Spawns the platform's opener detached; errors (no opener, no display) are ignored. */
export function openBrowser(url: string, platform: NodeJS.Platform = process.platform): void {
  // Without a display xdg-open may start a text-mode browser detached from any terminal.
  if (platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  const [cmd, args] = opener(platform);
  try {
    const child = spawn(cmd, [...args, url], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // no opener on this machine: the printed URL is enough
  }
}
