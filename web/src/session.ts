/**
 * Who is signed in: the key (aim.token) and what it may do. The API has no "who am I"
 * route, so a pasted key's role is worked out from what it may read (see `detectRole`);
 * keys the app received itself (registration, invitation) carry their role.
 */
import { api, tokenStore, type Role } from './api';

const ROLE_KEY = 'aim.role';
const ROLES: readonly Role[] = ['owner', 'leader', 'respondent', 'analyst', 'admin'];

export const roleStore = {
  get: (): Role | null => {
    const r = localStorage.getItem(ROLE_KEY);
    return ROLES.includes(r as Role) ? (r as Role) : null;
  },
  set: (role: Role) => localStorage.setItem(ROLE_KEY, role),
  clear: () => localStorage.removeItem(ROLE_KEY),
};

export class KeyRejected extends Error {}

/**
 * The role of a key, from the access policy (functions/core/access/policy.ts): only
 * organisation roles list assessments, only owners and admins list tokens, and of the
 * other organisation roles only leaders read the audit trail.
 */
export async function detectRole(token: string): Promise<Role> {
  const assessments = await api.probe('/v1/assessments', token);
  if (assessments === 401) throw new KeyRejected('That key was not accepted: it is unknown, expired or revoked.');
  const tokens = await api.probe('/v1/tokens', token);
  if (assessments === 200) {
    if (tokens === 200) return 'owner';
    return (await api.probe('/v1/audit?limit=1', token)) === 200 ? 'leader' : 'respondent';
  }
  if (assessments === 403) return tokens === 200 ? 'admin' : 'analyst';
  throw new Error(`The AIM service answered ${assessments}; try again in a moment.`);
}

export function signIn(secret: string, role: Role) {
  tokenStore.set(secret);
  roleStore.set(role);
}

export function signOut() {
  tokenStore.clear();
  roleStore.clear();
}

/** What each role sees in the app. */
export const can = {
  answer: (r: Role | null) => r === 'owner' || r === 'respondent',
  readResults: (r: Role | null) => r === 'owner' || r === 'leader',
  readAudit: (r: Role | null) => r === 'owner' || r === 'leader',
  manageAccess: (r: Role | null) => r === 'owner' || r === 'admin',
  invite: (r: Role | null) => r === 'owner',
  compareCohorts: (r: Role | null) => r === 'analyst' || r === 'admin',
  listAssessments: (r: Role | null) => r === 'owner' || r === 'leader' || r === 'respondent',
};
