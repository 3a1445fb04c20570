/**
 * The data classes a credential can reach, added to its view in responses (never stored):
 * an agent's and a delegation's by their scopes, a key's by its role, which is all it has
 * (docs/security.md, "Data classes").
 */
import { reachableDataClasses, reachableDataClassesOfRole } from '../core/access/data-classes';
import type { Role } from '../core/access/principal';

export const withScopeReach = <T extends { scopes: readonly string[] }>(view: T) => ({ ...view, reachableDataClasses: reachableDataClasses(view.scopes) });

export const withRoleReach = <T extends { role: Role }>(view: T) => ({ ...view, reachableDataClasses: reachableDataClassesOfRole(view.role) });
