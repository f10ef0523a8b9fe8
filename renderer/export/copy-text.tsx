import { useState } from 'react';

/** A block of text with a Copy button; falls back to selecting the text where the clipboard is denied. */
export function CopyText({ label, text, testId }: { label: string; text: string; testId: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'select'>('idle');
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('select'),
    );
  };
  return (
    <div className="copy-text">
      <div className="copy-text-head">
        <span>{label}</span>
        <button type="button" onClick={copy} aria-label={`Copy ${label}`}>
          {state === 'copied' ? 'Copied' : 'Copy'}
        </button>
        {state === 'select' && (
          <span className="muted">
            the clipboard is not allowed here: select the text and copy it
          </span>
        )}
      </div>
      <pre data-testid={testId}>{text}</pre>
    </div>
  );
}
