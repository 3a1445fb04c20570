import { useId, useState } from 'react';

/** A secret (an access key, an invite link) shown once, with a copy button. */
export function SecretOnce({ label, value, hint }: { label: string; value: string; hint?: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const id = useId();
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('Copying is not available here: select the text and copy it yourself.');
    }
  }
  return (
    <div className="secret-once">
      <div className="field">
        <label htmlFor={`${id}-value`}>{label}</label>
        <textarea
          id={`${id}-value`}
          className="secret"
          readOnly
          rows={2}
          value={value}
          spellCheck={false}
          aria-describedby={`${id}-hint`}
          onFocus={(e) => e.target.select()}
        />
      </div>
      <p className="hint" id={`${id}-hint`}>
        {hint ?? 'Shown only this once: keep it somewhere safe, such as a password manager.'}
      </p>
      <div className="actions">
        <button type="button" className="secondary" onClick={copy}>
          Copy {label.toLowerCase()}
        </button>
        <span role="status" className="hint">
          {copied}
        </span>
      </div>
    </div>
  );
}
