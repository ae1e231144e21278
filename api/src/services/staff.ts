import type { PreTenantLookups } from '../db/pre-tenant';
import {
  changeStaff,
  consumeStaffLink,
  createStaff,
  createStaffSession,
  enqueueStaffMail,
  getStaff,
  liveStaffSession,
  STAFF_INVITE_TRIGGER,
  touchStaffSession,
} from '../db/staff';
import type { TenantDb } from '../db/tenant-db';
import type { Clock } from '../lib/clock';
import { DomainError, linkInvalid } from '../lib/outcomes';
import { isTokenShaped } from '../lib/tokens';
import type { StaffRole, StaffView } from '../schemas/staff';

/** Who acts on the admin API: a company server with the API key, or a signed-in staff member. */
export type Actor =
  | { kind: 'key'; keyId: string }
  | { kind: 'staff'; staffId: string; role: StaffRole; email: string; sessionId: string };

export interface StaffSession {
  tenantId: string;
  sessionId: string;
  staffId: string;
  email: string;
  role: StaffRole;
  csrfHash: Buffer;
  expiresAt: Date;
}

const forbidden = (message: string) => new DomainError('role-forbidden', message);

/** Staff accounts: invites, roles, and signing in with a single-use e-mail link for a cookie session. */
export class StaffAccounts {
  constructor(
    private readonly db: TenantDb,
    private readonly preTenant: PreTenantLookups,
    private readonly clock: Clock,
  ) {}

  /** Exchanges a sign-in link (works once) for a new session; the caller sets the cookies. */
  async signIn(token: string, userAgent: string | null) {
    const owner = await this.preTenant.staffTokenOwner(token);
    if (!owner || owner.kind !== 'link') throw linkInvalid();
    const now = this.clock.now();
    return this.db.withTenant(owner.tenantId, async (tx) => {
      const staffId = await consumeStaffLink(tx, owner.id, now);
      const staff = await getStaff(tx, staffId);
      const session = await createStaffSession(tx, owner.tenantId, staffId, userAgent, now);
      return { tenantId: owner.tenantId, staff, session };
    });
  }

  /** The live session a cookie's token opens, with the staff member's role as it is now; undefined otherwise. */
  async authenticate(token: string): Promise<StaffSession | 'unknown' | undefined> {
    if (!isTokenShaped(token)) return 'unknown';
    const owner = await this.preTenant.staffTokenOwner(token);
    if (!owner || owner.kind !== 'session') return 'unknown';
    const now = this.clock.now();
    const row = await this.db.withTenant(owner.tenantId, async (tx) => {
      const live = await liveStaffSession(tx, owner.id, now);
      if (live) await touchStaffSession(tx, owner.id, now);
      return live;
    });
    return row && { tenantId: owner.tenantId, ...row };
  }

  /** Adds a staff member and queues the invite (its link works once, for 72 hours). Only owners make owners. */
  invite(tenantId: string, actor: Actor, input: { email: string; role: StaffRole }, consoleUrl: string) {
    if (input.role === 'owner' && actor.kind === 'staff' && actor.role !== 'owner') {
      throw forbidden('Only an owner can make someone an owner');
    }
    const now = this.clock.now();
    return this.db.withTenant(tenantId, async (tx) => {
      const staff = await createStaff(tx, tenantId, input.email, input.role, now);
      await enqueueStaffMail(tx, tenantId, staff, STAFF_INVITE_TRIGGER, consoleUrl, now);
      return staff;
    });
  }

  /** A role change or a removal; an admin cannot touch an owner or make one, and one owner always remains. */
  change(tenantId: string, actor: Actor, id: string, change: { role: StaffRole } | 'remove'): Promise<StaffView> {
    return this.db.withTenant(tenantId, async (tx) => {
      const target = await getStaff(tx, id);
      const touchesOwner = target.role === 'owner' || (change !== 'remove' && change.role === 'owner');
      if (touchesOwner && actor.kind === 'staff' && actor.role !== 'owner') {
        throw forbidden('Only an owner can change or remove an owner, or make one');
      }
      return changeStaff(tx, id, change);
    });
  }
}
