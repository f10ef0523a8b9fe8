/**
 * Profiles: named sets of rules that start and stop together ("shop-dev": three -L, one -R).
 * A profile holds rule ids; removing a rule takes it out of its profiles, and undoing the
 * removal puts it back (see `forgetRule` / `returnRule`).
 */
import { PortsideError } from '../../../shared/errors.ts';
import type { Profile, ProfileView, RuleView } from '../../../shared/model.ts';
import type { Profiles } from '../api/engine.ts';

const MAX_PROFILES = 200;

export interface ProfileDeps {
  listRules(): RuleView[];
  setEnabledMany(ids: string[], enabled: boolean): Promise<RuleView[]>;
}

export interface ProfileBook extends Profiles {
  /** Takes a removed rule out of every profile; returns the profiles it was in. */
  forgetRule(id: string): string[];
  /** Puts a restored rule back into the named profiles (those that still exist). */
  returnRule(id: string, names: string[]): void;
  /** Current definitions, for persistence. */
  snapshot(): Profile[];
  /** Tells listeners again (rules changed: a profile's `running` may have). */
  refresh(): void;
}

const notFound = (name: string): PortsideError =>
  new PortsideError('NotFound', `no profile named "${name}" (it may have been removed)`);

export function createProfiles(deps: ProfileDeps, initial: Profile[] = []): ProfileBook {
  const book = new Map<string, string[]>(initial.map((p) => [p.name, [...p.ruleIds]]));
  const listeners = new Set<(p: ProfileView[]) => void>();
  let last = '';

  const views = (): ProfileView[] => {
    const enabled = new Map(deps.listRules().map((r) => [r.id, r.enabled]));
    return [...book].map(([name, ids]) => ({
      name,
      ruleIds: [...ids],
      running: ids.length > 0 && ids.every((id) => enabled.get(id) === true),
    }));
  };
  const view = (name: string): ProfileView => {
    const v = views().find((p) => p.name === name);
    if (!v) throw notFound(name);
    return v;
  };
  const changed = (): void => {
    const list = views();
    const text = JSON.stringify(list);
    if (text === last) return;
    last = text;
    for (const l of [...listeners]) l(list);
  };
  const idsOf = (name: string): string[] => {
    const ids = book.get(name);
    if (!ids) throw notFound(name);
    return ids;
  };

  return {
    list: views,
    save({ name, ruleIds, previousName }) {
      const clean = name.trim();
      if (previousName !== undefined && previousName !== clean) {
        idsOf(previousName);
        if (book.has(clean))
          throw new PortsideError('Validation', `a profile named "${clean}" already exists`);
      }
      if (!book.has(clean) && previousName === undefined && book.size >= MAX_PROFILES)
        throw new PortsideError('Validation', `at most ${MAX_PROFILES} profiles`);
      const known = new Set(deps.listRules().map((r) => r.id));
      const missing = ruleIds.filter((id) => !known.has(id));
      if (missing.length)
        throw new PortsideError(
          'NotFound',
          `no rule with id ${missing.map((m) => `"${m}"`).join(', ')}`,
        );
      if (previousName !== undefined) book.delete(previousName);
      book.set(clean, [...new Set(ruleIds)]);
      changed();
      return view(clean);
    },
    remove(name) {
      idsOf(name);
      book.delete(name);
      changed();
    },
    async start(name) {
      await deps.setEnabledMany(idsOf(name), true);
      changed();
      return view(name);
    },
    async stop(name) {
      await deps.setEnabledMany(idsOf(name), false);
      changed();
      return view(name);
    },
    onChanged(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    forgetRule(id) {
      const names: string[] = [];
      for (const [name, ids] of book) {
        if (!ids.includes(id)) continue;
        names.push(name);
        book.set(
          name,
          ids.filter((x) => x !== id),
        );
      }
      if (names.length) changed();
      return names;
    },
    returnRule(id, names) {
      for (const name of names) {
        const ids = book.get(name);
        if (ids && !ids.includes(id)) book.set(name, [...ids, id]);
      }
      changed();
    },
    snapshot: () => [...book].map(([name, ids]) => ({ name, ruleIds: [...ids] })),
    refresh: changed,
  };
}
