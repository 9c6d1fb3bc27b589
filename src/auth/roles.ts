// Dashboard roles are named bundles of API key scopes, so a person can never do more than an API
// key with the same scopes: the dashboard goes through the same /api/v1 routes and checks.
import type { Scope } from './api-keys.ts';

export const ROLES = ['viewer', 'agent', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  viewer: ['payments:read', 'refunds:read'],
  // Refunds over the approval threshold wait for an approver, as they do for API keys.
  agent: ['payments:read', 'refunds:read', 'refunds:write'],
  approver: ['payments:read', 'refunds:read', 'refunds:write', 'refunds:approve'],
  // 'admin' passes every scope check.
  admin: ['admin'],
};

export function scopesForRole(role: Role): Scope[] {
  return [...ROLE_SCOPES[role]];
}

/** Whether these scopes satisfy `required` (admin satisfies everything). */
export function hasScope(scopes: readonly Scope[], required: Scope): boolean {
  return scopes.includes(required) || scopes.includes('admin');
}
