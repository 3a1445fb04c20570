/**
 * Who is signed in: the key (aim.token) and what it may do. A pasted key's role comes
 * from `GET /v1/session`; keys the app received itself (registration, invitation) carry
 * their role.
 */
import { api, ApiError, tokenStore, type Role } from './api';

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

/** The role of a pasted key, as the API knows it. */
export async function detectRole(token: string): Promise<Role> {
  try {
    return (await api.session(token)).role;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) throw new KeyRejected('That key was not accepted: it is unknown, expired or revoked.');
    if (e instanceof ApiError) throw new Error(`The AIM service answered ${e.status}; try again in a moment.`);
    throw e;
  }
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
  verifyOrganisations: (r: Role | null) => r === 'admin',
  seeVerification: (r: Role | null) => r === 'owner' || r === 'leader',
};
