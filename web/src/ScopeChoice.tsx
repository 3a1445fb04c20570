/**
 * Which part of the organisation a programme page shows (issue 19, docs/plan.md, "Scopes"):
 * the whole organisation or one of its scopes, each with its own plan, milestones and
 * progress. Nothing is shown while the organisation has no scopes. A respondent restricted
 * to a scope is offered only that one (the API answers nothing else).
 */
import { useEffect, useId, useState } from 'react';
import { roleMay } from '../../functions/contract/rules';
import { api, type Role, type Scope } from './api';

/** '' stands for the whole organisation. */
export type ScopeValue = string;

/** The organisation's scopes, and the scope a page starts on; `ready` once they are known. */
export function useScopes(role: Role | null, restrictedScopeId: string | null | undefined) {
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [ready, setReady] = useState(!roleMay(role, 'scopes.read'));
  const [scope, setScope] = useState<ScopeValue>(restrictedScopeId ?? '');
  useEffect(() => {
    if (!roleMay(role, 'scopes.read')) return;
    let live = true;
    // Without the scopes (an error), the page still works on the whole organisation.
    api.scopes().then(
      (r) => {
        if (!live) return;
        setScopes(r.scopes);
        setReady(true);
      },
      () => live && setReady(true),
    );
    return () => {
      live = false;
    };
  }, [role]);
  return { scopes, ready, scope, setScope, restricted: !!restrictedScopeId };
}

export function ScopeChoice({
  scopes,
  value,
  restricted,
  onChange,
}: {
  scopes: Scope[];
  value: ScopeValue;
  restricted: boolean;
  onChange: (scope: ScopeValue) => void;
}) {
  const id = useId();
  if (!scopes.length) return null;
  if (restricted) {
    const mine = scopes.find((s) => s.id === value);
    return <p className="hint">Showing {mine ? `the scope ${mine.name}` : 'your scope'}: you are restricted to it.</p>;
  }
  return (
    <div className="field scope-choice">
      <label htmlFor={`${id}-scope`}>Scope</label>
      <select id={`${id}-scope`} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">The whole organisation</option>
        {scopes.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </div>
  );
}
