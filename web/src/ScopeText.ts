/** How scopes (issue 19) read in the web app: their kinds, and the name of what an assessment covers. */
import type { Scope, ScopeKind } from './api';

export const SCOPE_KINDS: { value: ScopeKind; label: string }[] = [
  { value: 'business_unit', label: 'Business unit' },
  { value: 'platform', label: 'Platform' },
  { value: 'workload', label: 'Workload' },
  { value: 'other', label: 'Other' },
];

export const scopeKindLabel = (kind: ScopeKind): string => SCOPE_KINDS.find((k) => k.value === kind)?.label ?? kind;

/** What an assessment or member covers: the scope's name, or the whole organisation (also for a scope no longer listed). */
export function scopeName(scopes: Scope[], scopeId: string | null | undefined): string {
  if (!scopeId) return 'whole organisation';
  return scopes.find((s) => s.id === scopeId)?.name ?? 'a scope you cannot see';
}
