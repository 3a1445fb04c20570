/**
 * Every `aim_…` key expires: its lifetime in days, the default when none is asked for and
 * the longest allowed. Keys stored before keys had to expire (`expiresAt: null`) are
 * refused once `LEGACY_KEY_MAX_AGE_DAYS` have passed since their creation. The bootstrap
 * admin credential (AIM_ADMIN_TOKEN, or the admin secret in AWS) lives
 * `BOOTSTRAP_LIFETIME_HOURS` from when its secret was first applied: a break-glass
 * credential for granting the first memberships, renewed only by setting a new secret
 * (docs/security.md, "Key lifetimes"). A privileged key (owner, admin) is just in time:
 * it lives `PRIVILEGED_KEY_LIFETIME_HOURS`, long enough for the script that needs it. The contract's request schemas
 * (functions/contract/identity.ts) enforce these, and the web app offers choices within
 * them (through functions/contract/rules.ts).
 */
export const KEY_LIFETIME_DAYS = { default: 30, max: 90 } as const;
export const PRIVILEGED_KEY_LIFETIME_HOURS = 1;
export const LEGACY_KEY_MAX_AGE_DAYS = KEY_LIFETIME_DAYS.max;
export const BOOTSTRAP_LIFETIME_HOURS = 24;
