import type { ImportPreview } from '../../shared/mirrord-config/import-preview.ts';

/** What the file says beyond its rules: cluster, ignored keys and why, values from the environment, notes. */
export function ImportDetails({ preview }: { preview: ImportPreview }) {
  return (
    <>
      <dl className="import-facts">
        <dt>Target</dt>
        <dd data-testid="import-target">{preview.target}</dd>
        <dt>Namespace</dt>
        <dd data-testid="import-namespace">{preview.namespace ?? 'the context’s default'}</dd>
        <dt>Context</dt>
        <dd data-testid="import-context">{preview.context ?? 'the current context'}</dd>
      </dl>
      {preview.ignored.length > 0 && (
        <section aria-label="Ignored keys">
          <h4>Ignored keys</h4>
          <ul>
            {preview.ignored.map((i) => (
              <li key={i.key} data-testid="import-ignored">
                <code>{i.key}</code>: {i.why}
              </li>
            ))}
          </ul>
        </section>
      )}
      {preview.fromEnv.length > 0 && (
        <section aria-label="From the environment">
          <h4>From the environment</h4>
          <ul>
            {preview.fromEnv.map((e) => (
              <li key={e.name} data-testid="import-env">
                <code>{e.name}</code> ={' '}
                {e.value === undefined ? (
                  <em>not set, the default was used</em>
                ) : (
                  <code>{e.value}</code>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {preview.notes.length > 0 && (
        <ul className="import-notes muted">
          {preview.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </>
  );
}
