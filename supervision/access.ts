/**
 * Who may do what: the one access map. The API checks it on every guarded route
 * (server/auth.ts `requireAccess`), services on the records they hand out, and the web UI builds
 * its menu, routes and buttons from it. Which records a unit's people see is the services' rule
 * (their own unit's); this map says which actions a role has at all.
 */

/** A responsible unit's people are its handlers (承办人) and its head (单位负责人). */
export const ROLES = ['admin', 'designer', 'supervisor', 'leader', 'handler', 'head'] as const;
export type Role = (typeof ROLES)[number];
export const UNIT_ROLES: readonly Role[] = ['handler', 'head'];

/** Who acts: a signed-in user as the services see them. */
export interface User {
  id: number;
  username: string;
  role: Role;
  unitId: string;
}

const SUPERVISION: readonly Role[] = ['supervisor', 'admin'];
const OVERSIGHT: readonly Role[] = ['supervisor', 'leader', 'admin'];

export const ACCESS = {
  /** Register, edit, start, terminate matters; plans; sub-matters; Excel imports and the ledger. */
  'matters.manage': SUPERVISION,
  /** Matters the user is not a party to: every unit's (units see only theirs). */
  'matters.seeAll': ['admin', 'designer', 'supervisor', 'leader'],
  /** A unit's request to extend, or a supervisor's change of, a matter's deadline. */
  'matters.requestChange': ['supervisor', 'admin', 'handler', 'head'],
  /** Leaders' instructions (批示) on a matter. */
  'matters.instruct': OVERSIGHT,
  /** Any task, though not the caller's unit's. */
  'tasks.seeAll': OVERSIGHT,
  /** Hand a task to another unit (转办), though not holding it. */
  'tasks.dispatch': SUPERVISION,
  /** Deploy process definitions. */
  'processes.deploy': ['designer', 'admin'],
  /** Every unit's report and the office's reports. */
  'reports.all': OVERSIGHT,
  /** A unit's own report. */
  'reports.unit': ['supervisor', 'leader', 'admin', 'handler', 'head'],
  /** Close a month and issue its cards. */
  'cards.close': SUPERVISION,
  /** Units, users, leaders in charge: read for assigning work. */
  'organisation.read': SUPERVISION,
  /** Units, users, leaders in charge, the organisation workbook. */
  'organisation.manage': ['admin'],
  /** Superior systems, the webhook, the work calendar. */
  'settings.manage': ['admin'],
  /** Machine clients of the job API (/v2): register, list, revoke. */
  'clients.manage': ['admin'],
  /** The incidents list. */
  'incidents.read': SUPERVISION,
  /** Retry or resolve incidents. */
  'incidents.repair': ['admin'],
  /** Mark plan items done, each their own unit's (services/plans.ts checks the unit too). */
  'plans.complete': UNIT_ROLES,
  /** Ask for more time on a matter (延期申请): what the web offers; the route takes the message under 'matters.requestChange'. */
  'matters.requestExtension': UNIT_ROLES,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof ACCESS;

export function may(role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && (ACCESS[permission] as readonly Role[]).includes(role);
}

export const isUnitRole = (role: Role | undefined): boolean => role !== undefined && UNIT_ROLES.includes(role);
