/** The audit filter's "Person or agent" list: the organisation's people, agents and keys by name; the id is what the API gets. */
import { useEffect, useState } from 'react';
import { api, type AuditActorChoice } from './api';

const GROUPS: { kind: AuditActorChoice['kind']; label: string }[] = [
  { kind: 'person', label: 'People' },
  { kind: 'agent', label: 'Agents' },
  { kind: 'key', label: 'Keys (scripts)' },
];

export function AuditActorPicker({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  const [actors, setActors] = useState<AuditActorChoice[] | null>(null);
  useEffect(() => {
    let live = true;
    api.auditActors().then(
      (list) => live && setActors(list.actors),
      // The trail still works without the list: everyone's events, as with "Anyone".
      () => live && setActors([]),
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <div className="field">
      <label htmlFor={id}>Person or agent</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-hint`} aria-busy={actors === null}>
        <option value="">Anyone</option>
        {GROUPS.map(({ kind, label }) => {
          const choices = (actors ?? []).filter((a) => a.kind === kind);
          return choices.length ? (
            <optgroup key={kind} label={label}>
              {choices.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.detail ? `${a.name} (${a.detail})` : a.name}
                </option>
              ))}
            </optgroup>
          ) : null;
        })}
      </select>
      <p className="hint" id={`${id}-hint`}>
        Optional: one member, agent or key of your organisation.
      </p>
    </div>
  );
}
