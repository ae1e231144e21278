import { mailLanguage } from '../schemas/activation';
import { DomainError, linkExpired, linkUsed, notFound } from '../lib/outcomes';
import { STAFF_MAIL } from '../lib/login-link-mail';
import { randomToken, sha256 } from '../lib/tokens';
import type { StaffRole, StaffView } from '../schemas/staff';
import type { Tx } from './client';
import { iso } from './tickets';

/** Outbox triggers of the staff mails; both carry a single-use sign-in link minted at delivery. */
export const STAFF_INVITE_TRIGGER = 'staff_invite';
export const STAFF_SIGN_IN_TRIGGER = 'staff_sign_in';
/** An invite may wait in an inbox for a few days; a requested sign-in link is used at once. */
const LINK_TTL_MS = { [STAFF_INVITE_TRIGGER]: 72 * 3_600_000, [STAFF_SIGN_IN_TRIGGER]: 15 * 60_000 } as const;
export type StaffMailTrigger = keyof typeof LINK_TTL_MS;
/** A staff session lasts this long from sign-in (no renewal: the console signs in again by e-mail). */
export const STAFF_SESSION_TTL_MS = 12 * 3_600_000;

const staffColumns = (tx: Tx) => tx`id, email, role, to_json(created_at)#>>'{}' as "createdAt"`;

export function listStaff(tx: Tx): Promise<StaffView[]> {
  return tx<StaffView[]>`select ${staffColumns(tx)} from staff order by created_at, seq`;
}

export async function getStaff(tx: Tx, id: string): Promise<StaffView> {
  const [row] = await tx<StaffView[]>`select ${staffColumns(tx)} from staff where id = ${id}`;
  if (!row) throw notFound('Staff member');
  return row;
}

/** 409 STAFF_EXISTS when the tenant already has someone with this address (case-insensitive). */
export async function createStaff(tx: Tx, tenantId: string, email: string, role: StaffRole, now: Date) {
  const [row] = await tx<StaffView[]>`
    insert into staff (tenant_id, email, role, created_at) values (${tenantId}, ${email}, ${role}, ${now})
    on conflict (tenant_id, lower(email)) do nothing
    returning ${staffColumns(tx)}`;
  if (!row) throw new DomainError('staff-exists', 'Someone on the staff already has this address');
  return row;
}

/**
 * Changes a role or removes a staff member, keeping at least one owner: the owners' rows are locked first, so two
 * owners demoting each other at once cannot both pass (409 LAST_OWNER).
 */
export async function changeStaff(tx: Tx, id: string, change: { role: StaffRole } | 'remove'): Promise<StaffView> {
  const owners = await tx<{ id: string }[]>`select id from staff where role = 'owner' order by id for update`;
  const target = await getStaff(tx, id);
  const losesOwner = target.role === 'owner' && (change === 'remove' || change.role !== 'owner');
  if (losesOwner && owners.length <= 1) {
    throw new DomainError('last-owner', 'The last owner cannot be removed or demoted; make someone else owner first');
  }
  if (change === 'remove') {
    await tx`delete from staff where id = ${id}`;
    return target;
  }
  const [row] = await tx<
    StaffView[]
  >`update staff set role = ${change.role} where id = ${id} returning ${staffColumns(tx)}`;
  return row!;
}

/** Queues an invite or sign-in mail to the staff member; the link is minted when the outbox delivers it. */
export async function enqueueStaffMail(
  tx: Tx,
  tenantId: string,
  staff: { id: string; email: string },
  trigger: StaffMailTrigger,
  consoleUrl: string,
  now: Date,
): Promise<void> {
  const [profile] = await tx<{ language: string }[]>`select language from portal_profiles where is_default`;
  const language = mailLanguage(null, profile?.language);
  await tx`
    insert into outbox (tenant_id, staff_id, trigger, channel, recipient, language, template, context, state,
                        next_attempt_at, created_at)
    values (${tenantId}, ${staff.id}, ${trigger}, 'email', ${staff.email}, ${language},
            ${tx.json(STAFF_MAIL[trigger][language])}, ${tx.json({ consoleUrl })}, 'pending', ${now}, ${now})`;
}

/** "Email me a sign-in link", as the route does it: one insert, the same for a known and an unknown address. */
export async function queueStaffSignInRequest(tx: Tx, tenantId: string, email: string, consoleUrl: string, now: Date) {
  await tx`insert into login_link_requests (tenant_id, email, requested_at, kind, console_url)
           values (${tenantId}, ${email}, ${now}, 'staff', ${consoleUrl})`;
}

/** The worker's side of a queued request: a sign-in mail when a staff member has the address, else nothing. */
export async function requestStaffSignInMail(tx: Tx, tenantId: string, email: string, consoleUrl: string, now: Date) {
  const [staff] = await tx<{ id: string; email: string }[]>`
    select id, email from staff where lower(email) = lower(${email})`;
  if (staff) await enqueueStaffMail(tx, tenantId, staff, STAFF_SIGN_IN_TRIGGER, consoleUrl, now);
}

/**
 * Issues a single-use sign-in link for the staff member; older unused links stop working. Only the hash is
 * stored; the URL carries the token in the fragment (`<console>#porch-staff=<token>`), which no server sees.
 */
export async function issueStaffLink(
  tx: Tx,
  tenantId: string,
  staffId: string,
  trigger: StaffMailTrigger,
  consoleUrl: string,
  now: Date,
) {
  await tx`update staff_links set revoked_at = ${now} where staff_id = ${staffId} and used_at is null and revoked_at is null`;
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS[trigger]);
  await tx`insert into staff_links (tenant_id, staff_id, token_hash, expires_at, created_at)
           values (${tenantId}, ${staffId}, ${sha256(token)}, ${expiresAt}, ${now})`;
  return { url: `${consoleUrl.split('#')[0]}#porch-staff=${token}`, token, expiresAt };
}

/** Consumes a sign-in link with one conditional UPDATE (of concurrent redeems exactly one wins). */
export async function consumeStaffLink(tx: Tx, linkId: string, now: Date): Promise<string> {
  const [used] = await tx<{ staffId: string }[]>`
    update staff_links set used_at = ${now}
    where id = ${linkId} and used_at is null and revoked_at is null and expires_at > ${now}
    returning staff_id as "staffId"`;
  if (used) return used.staffId;
  const [link] = await tx<{ usedAt: Date | null }[]>`select used_at as "usedAt" from staff_links where id = ${linkId}`;
  throw link?.usedAt ? linkUsed() : linkExpired();
}

export interface StaffSessionRow {
  sessionId: string;
  staffId: string;
  email: string;
  role: StaffRole;
  csrfHash: Buffer;
  expiresAt: Date;
}

/** Opens a session: the cookie's token and the CSRF token are returned once, stored only hashed. */
export async function createStaffSession(
  tx: Tx,
  tenantId: string,
  staffId: string,
  userAgent: string | null,
  now: Date,
) {
  const token = randomToken(32);
  const csrfToken = randomToken(32);
  const expiresAt = new Date(now.getTime() + STAFF_SESSION_TTL_MS);
  const [row] = await tx<{ id: string }[]>`
    insert into staff_sessions (tenant_id, staff_id, token_hash, csrf_hash, user_agent, created_at, last_seen_at, expires_at)
    values (${tenantId}, ${staffId}, ${sha256(token)}, ${sha256(csrfToken)}, ${userAgent?.slice(0, 300) ?? null},
            ${now}, ${now}, ${expiresAt})
    returning id`;
  return { id: row!.id, token, csrfToken, expiresAt };
}

/** A live session (not revoked, not expired) with its staff member's current role; undefined otherwise. */
export async function liveStaffSession(tx: Tx, sessionId: string, now: Date): Promise<StaffSessionRow | undefined> {
  const [row] = await tx<StaffSessionRow[]>`
    select s.id as "sessionId", s.staff_id as "staffId", m.email, m.role, s.csrf_hash as "csrfHash",
           s.expires_at as "expiresAt"
    from staff_sessions s join staff m on m.id = s.staff_id
    where s.id = ${sessionId} and s.revoked_at is null and s.expires_at > ${now}`;
  return row;
}

/** Records when a session was last used, at most once a minute: a console request should not always write a row. */
export async function touchStaffSession(tx: Tx, sessionId: string, now: Date) {
  await tx`
    update staff_sessions set last_seen_at = ${now}
    where id = ${sessionId} and last_seen_at < ${now}::timestamptz - interval '1 minute'`;
}

type SessionRow = {
  id: string;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
};

/** The staff member's live sessions, newest first. */
export async function listOwnSessions(tx: Tx, staffId: string, now: Date) {
  const rows = await tx<SessionRow[]>`
    select id, user_agent as "userAgent", created_at as "createdAt", last_seen_at as "lastSeenAt",
           expires_at as "expiresAt"
    from staff_sessions where staff_id = ${staffId} and revoked_at is null and expires_at > ${now}
    order by created_at desc, seq desc`;
  return rows.map((r) => ({
    ...r,
    createdAt: iso(r.createdAt)!,
    lastSeenAt: iso(r.lastSeenAt)!,
    expiresAt: iso(r.expiresAt)!,
  }));
}

/** Ends one of the staff member's own sessions; another's (or an unknown id) is 404. */
export async function revokeOwnSession(tx: Tx, staffId: string, sessionId: string, now: Date): Promise<void> {
  const [row] = await tx`
    update staff_sessions set revoked_at = coalesce(revoked_at, ${now})
    where id = ${sessionId} and staff_id = ${staffId} returning id`;
  if (!row) throw notFound('Session');
}

/**
 * The outbox's side of a staff mail: mints the sign-in link now (its token lives only in the mail) and answers the
 * values to render, or null when the staff member's address changed after the mail was queued.
 */
export async function staffMailValues(
  tx: Tx,
  tenantId: string,
  message: { staffId: string; trigger: StaffMailTrigger; recipient: string | null; consoleUrl: string },
  now: Date,
): Promise<{ 'portal.link': string; 'link.minutes': string } | null> {
  const [row] = await tx<{ email: string }[]>`select email from staff where id = ${message.staffId}`;
  if (!row || row.email.toLowerCase() !== message.recipient?.toLowerCase()) return null;
  const link = await issueStaffLink(tx, tenantId, message.staffId, message.trigger, message.consoleUrl, now);
  return {
    'portal.link': link.url,
    'link.minutes': String(Math.round((link.expiresAt.getTime() - now.getTime()) / 60_000)),
  };
}
