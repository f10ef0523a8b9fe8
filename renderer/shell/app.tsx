import { RuleEditor } from '../editor/rule-editor.tsx';
import { ImportExportBar } from '../import/import-export-bar.tsx';
import { ProfilesBar } from '../profiles/profiles-bar.tsx';
import { RulesView } from '../rules/rules-view.tsx';
import { useStore } from '../store/index.ts';
import { Banner } from './banner.tsx';
import { Header } from './header.tsx';
import { useShortcuts } from './use-shortcuts.ts';
import { useTheme } from './use-theme.ts';

/** The whole window. `data-app-ready` turns true once the first rule list arrived (e2e waits on it). */
export function App() {
  const loaded = useStore((s) => s.rulesLoaded);
  useTheme();
  useShortcuts();
  return (
    <div className="app" data-app-ready={loaded ? 'true' : 'false'}>
      <Header />
      <Banner />
      <main>
        <RuleEditor />
        {/* Import (drop / Import…), export and browser notifications: renderer/import. */}
        <ImportExportBar />
        <ProfilesBar />
        <RulesView />
      </main>
    </div>
  );
}
