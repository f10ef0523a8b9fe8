import { useStore } from '../store/index.ts';
import { AddRuleForm } from './add-rule-form.tsx';
import { Banner } from './banner.tsx';
import { Header } from './header.tsx';
import { RuleList } from './rule-list.tsx';

/** The whole window. `data-app-ready` turns true once the first rule list arrived (e2e waits on it). */
export function App() {
  const loaded = useStore((s) => s.rulesLoaded);
  return (
    <div className="app" data-app-ready={loaded ? 'true' : 'false'}>
      <Header />
      <Banner />
      <main>
        <AddRuleForm />
        <RuleList />
      </main>
    </div>
  );
}
