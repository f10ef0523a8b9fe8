import { SettingsMenu } from '../settings/settings-menu.tsx';
import { useStore } from '../store/index.ts';

const LINK_TEXT = { connecting: 'connecting…', open: 'connected', lost: 'reconnecting…' } as const;

/** Product name, version, host kind, the link to the host and the settings. */
export function Header() {
  const info = useStore((s) => s.info);
  const link = useStore((s) => s.link);
  return (
    <header className="header">
      <h1>Portside</h1>
      {info && (
        <span className="header-meta" data-testid="app-info">
          v{info.version} · <span data-testid="app-host">{info.host}</span>
        </span>
      )}
      <div className="header-end">
        <span className={`link link-${link}`} data-testid="link-status" role="status">
          {LINK_TEXT[link]}
        </span>
        <SettingsMenu />
      </div>
    </header>
  );
}
