/**
 * The one authorization check for commands that change state (ignore, unignore, recheck is
 * harmless and open to all). GitHub's collaborator permission API answers admin, maintain,
 * write, triage, read or none; only the first three may waive a rule.
 */

export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export type StateChange = 'ignore' | 'unignore';

export interface Decision {
  allowed: boolean;
  /** Shown to the person when refused. */
  reason?: string;
}

const MAY_WAIVE: ReadonlySet<Permission> = new Set(['admin', 'maintain', 'write']);

export function authorize(action: StateChange, permission: Permission, login: string): Decision {
  if (MAY_WAIVE.has(permission)) return { allowed: true };
  return {
    allowed: false,
    reason: `Sorry @${login}, only people with write, maintain or admin permission on this repository can ${action === 'ignore' ? 'waive' : 'restore'} a rule. Ask a maintainer to do it, or fix the finding.`,
  };
}
