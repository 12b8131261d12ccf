/** Who is acting, and the rules of what each role may see and do. Enforced here, in the domain. */
import { OfficeError } from './office.errors.ts';

export const ROLES = ['admin', 'clerk', 'leader', 'specialist', 'dic_operator', 'ca_operator'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that widen what a user sees beyond their agency: only a root (province-level) admin grants them. */
export const PROVINCE_ROLES: readonly Role[] = ['dic_operator', 'ca_operator'];

export interface Actor {
  readonly userId: string;
  readonly username: string;
  readonly agencyId: string;
  readonly roles: readonly Role[];
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
export const hasRole = (actor: Actor, role: Role): boolean => actor.roles.includes(role);

export function requireRole(actor: Actor, role: Role): void {
  if (!hasRole(actor, role)) throw new OfficeError('OFFICE_FORBIDDEN');
}
