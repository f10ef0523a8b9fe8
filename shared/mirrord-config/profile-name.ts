/** The profile an imported file's rules go into: named after the file, or its folder when the file name says nothing. */

/** File names every project uses (`.mirrord/mirrord.json`): the folder names the project better. */
const GENERIC = new Set(['mirrord', 'config', 'settings', 'portside', '', '-']);

const parts = (pathOrName: string): string[] => pathOrName.split(/[/\\]+/).filter((p) => p !== '');

const stem = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
};

const clean = (s: string): string => s.replace(/^\.+/, '').trim().slice(0, 120);

/**
 * `/src/shop/.mirrord/mirrord.json` → `shop`; `api-staging.toml` → `api-staging`; a bare
 * `mirrord.json` (a browser drop carries no folder) → `mirrord`.
 */
export function profileNameFor(pathOrName: string): string {
  const segments = parts(pathOrName);
  const file = segments.pop() ?? '';
  const name = clean(stem(file));
  if (!GENERIC.has(name.toLowerCase())) return name;
  // `.mirrord` is the conventional folder of the file, not the project's name.
  while (segments.length > 0) {
    const folder = clean(segments.pop() ?? '');
    if (folder !== '' && folder.toLowerCase() !== 'mirrord') return folder;
  }
  return name === '' || name === '-' ? 'imported' : name;
}
