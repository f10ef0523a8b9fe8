import { useState } from 'react';
import { validateRuleSpec } from '../../shared/mirrord-syntax/validate.ts';
import type { ImportPreview } from '../../shared/mirrord-config/import-preview.ts';
import type { RuleInput } from '../../shared/model.ts';

/** Adds a -L rule for the file's target and cluster (a mirrord config file has no -L of its own). */
export function LocalRuleAdder({
  preview,
  onAdd,
}: {
  preview: ImportPreview;
  onAdd(rule: RuleInput): void;
}) {
  const [spec, setSpec] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    const checked = validateRuleSpec('L', spec);
    if (!checked.ok) return setError(checked.error);
    setError(null);
    setSpec('');
    onAdd({
      direction: 'L',
      spec: spec.trim(),
      ...(preview.target !== 'targetless' ? { target: preview.target } : {}),
      ...(preview.namespace ? { namespace: preview.namespace } : {}),
      ...(preview.context ? { context: preview.context } : {}),
      ...(preview.kubeconfig ? { kubeconfig: preview.kubeconfig } : {}),
    });
  };
  return (
    <div className="import-add-local">
      <label>
        Add -L for this target{' '}
        <input
          value={spec}
          placeholder="[local_port:]host:port"
          aria-label="-L rule to add"
          onChange={(e) => setSpec(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && add()}
        />
      </label>
      <button type="button" onClick={add} disabled={spec.trim() === ''}>
        Add -L
      </button>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </div>
  );
}
