/**
 * Who is signed in: the key (aim.token) and what it may do. A pasted key's role comes
 * from `GET /v1/session`; keys the app received itself (registration, invitation) carry
 * their role.
 */
import { roleMay } from '../../functions/contract/rules';
import { tokenRoleValues as ROLES } from '../../functions/contract/openapi-types';
import { api, ApiError, tokenStore, type Role } from './api';

const ROLE_KEY = 'aim.role';

export const roleStore = {
  get: (): Role | null => {
    const r = localStorage.getItem(ROLE_KEY);
    return ROLES.find((role) => role === r) ?? null;
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

/**
 * What each role sees in the app: the server's own policy (functions/core/access/policy.ts),
 * each entry the operation the part of the app it shows performs.
 */
export const can = {
  answer: (r: Role | null) => roleMay(r, 'assessments.answer'),
  readResults: (r: Role | null) => roleMay(r, 'assessments.report'),
  readAudit: (r: Role | null) => roleMay(r, 'audit.read'),
  manageAccess: (r: Role | null) => roleMay(r, 'tokens.list'),
  invite: (r: Role | null) => roleMay(r, 'invitations.create'),
  compareCohorts: (r: Role | null) => roleMay(r, 'benchmarks.read'),
  listAssessments: (r: Role | null) => roleMay(r, 'assessments.list'),
  verifyOrganisations: (r: Role | null) => roleMay(r, 'organisations.verify'),
  /** The organisation's verification decides whether its submissions count in the benchmarks it reads. */
  seeVerification: (r: Role | null) => roleMay(r, 'assessments.benchmark'),
};
