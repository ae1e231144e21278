import { webcrypto } from 'node:crypto';
import { SignJWT, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import {
  currentSessionKey,
  insertSessionKey,
  listSessionKeys,
  retireSessionKeys,
  sessionKeyByKid,
} from '../db/session-keys';
import { revokeCustomerSessions, revokedSessionIds, revokeSessionIds } from '../db/session-tokens';
import type { TenantDb, Tx } from '../db/tenant-db';
import type { Clock } from '../lib/clock';
import { ApiError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import type { SecretBox } from '../lib/secret-box';
import { TtlCache } from '../lib/ttl-cache';
import type { Scope } from '../schemas/contract/access';

export const SESSION_ISSUER = 'porchlight';
export const SESSION_AUDIENCE = 'porchlight:portal';
export const SESSION_TTL_SECONDS = 30 * 60;
const ALGORITHM = 'HS256';
const KEY_CACHE_MS = 60_000;
const VERIFIED_CACHE_SIZE = 10_000;
/** A revocation made in another process is seen here within this time ("ends within a minute"). */
export const REVOCATION_CACHE_MS = 30_000;
/** How long a chain of renewed sessions may go on after the customer authenticated (opened a link, identity). */
export const RENEW_LIMIT_SECONDS = 12 * 60 * 60;
/** … and with a remembered device (refresh token), from the device's sign-in. */
export const DEVICE_LIMIT_SECONDS = 30 * 24 * 60 * 60;

/** How a session was opened: it decides what else the session may do (a shared view cannot share further). */
export type SessionKind = 'ticket' | 'login' | 'share' | 'identity';
const KINDS: readonly string[] = ['ticket', 'login', 'share', 'identity'] satisfies SessionKind[];

export interface SessionClaims {
  tenantId: string;
  customerId: string;
  /** The one ticket a ticket-link or share-link session may see; null for customer-wide sessions. */
  ticketId: string | null;
  scopes: Scope[];
  via: SessionKind;
  /** The session chain: renewals keep it, sign-out revokes it. */
  sid: string;
  /** The ticket or share link the session came from (revoking the link ends it). */
  lid: string | null;
  /** The remembered device (refresh-token family) it came from, if any. */
  fam: string | null;
  /** When the customer authenticated, seconds since the epoch: renewals end at an absolute lifetime from it. */
  authTime: number;
  /** Seconds since the epoch. */
  exp: number;
}

/** What issuing needs; a new chain gets a fresh `sid` and the current time as `authTime`. */
export type SessionGrant = Omit<SessionClaims, 'exp' | 'sid' | 'lid' | 'fam' | 'authTime'> &
  Partial<Pick<SessionClaims, 'sid' | 'lid' | 'fam' | 'authTime'>>;

interface CachedKey {
  tenantId: string;
  key: webcrypto.CryptoKey;
  /** A rotated-out key verifies until then (its last session's expiry), never after. */
  retiredAt: Date | null;
  fetchedAt: number;
}

const invalid = () => new ApiError(401, 'SESSION_INVALID', 'The session token is not valid');
const revoked = () => new ApiError(401, 'SESSION_REVOKED', 'The session was signed out or its link revoked');

/**
 * Issues and verifies the portal's session JWTs. Each tenant signs with its own current key (`kid`); algorithms
 * are pinned. Verification is the hot path of every portal request, so imported keys and already-verified tokens
 * are cached — a cached token still has its expiry checked on every use.
 */
export class SessionService {
  #keys = new Map<string, CachedKey>();
  #verified = new Map<string, SessionClaims & { kid: string }>();
  /** Per tenant: revoked ids → null, or a customer id → the time (s) before which its sessions authenticated. */
  #revoked = new TtlCache<string, Map<string, number | null>>(REVOCATION_CACHE_MS);

  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly box: SecretBox,
  ) {}

  async issue(tx: Tx, grant: SessionGrant): Promise<{ session: string; expiresAt: string }> {
    const { kid, secret } = await this.#currentKey(tx, grant.tenantId);
    const nowMs = this.clock.now().getTime();
    const now = Math.floor(nowMs / 1000);
    // To the millisecond (a NumericDate may have a fraction): "sign out everywhere" ends the sessions authenticated
    // before it, and one signed in right after it in the same second must not be taken for one of them.
    const authTime = grant.authTime ?? nowMs / 1000;
    const limit = authTime + (grant.fam ? DEVICE_LIMIT_SECONDS : RENEW_LIMIT_SECONDS);
    if (limit <= now) throw new ApiError(401, 'RENEWAL_LIMIT', 'Sign in again: this session cannot be renewed');
    const exp = Math.floor(Math.min(now + SESSION_TTL_SECONDS, limit));
    const session = await new SignJWT({
      tid: grant.tenantId,
      tkt: grant.ticketId,
      scp: grant.scopes,
      via: grant.via,
      sid: grant.sid ?? crypto.randomUUID(),
      lid: grant.lid ?? null,
      fam: grant.fam ?? null,
      auth_time: authTime,
    })
      .setProtectedHeader({ alg: ALGORITHM, kid, typ: 'JWT' })
      .setIssuer(SESSION_ISSUER)
      .setAudience(SESSION_AUDIENCE)
      .setSubject(grant.customerId)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(secret);
    return { session, expiresAt: new Date(exp * 1000).toISOString() };
  }

  async verify(token: string): Promise<SessionClaims> {
    const cached = this.#verified.get(token);
    if (cached) {
      await this.#key(cached.kid, cached.tenantId);
      return this.#unrevoked(this.#unexpired(cached));
    }

    let kid: string | undefined;
    let tenantId: unknown;
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== ALGORITHM) throw invalid();
      kid = header.kid;
      tenantId = decodeJwt(token).tid;
    } catch {
      throw invalid();
    }
    if (!kid || !isUuid(tenantId)) throw invalid();
    const key = await this.#key(kid, tenantId);

    let payload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: [ALGORITHM],
        issuer: SESSION_ISSUER,
        audience: SESSION_AUDIENCE,
        requiredClaims: ['exp', 'iat', 'sub', 'tid', 'scp', 'sid', 'auth_time'],
        currentDate: this.clock.now(),
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new ApiError(401, 'SESSION_EXPIRED', 'The session has expired');
      throw invalid();
    }
    const claims: SessionClaims & { kid: string } = {
      kid,
      tenantId,
      customerId: String(payload.sub),
      ticketId: typeof payload.tkt === 'string' ? payload.tkt : null,
      scopes: Array.isArray(payload.scp) ? (payload.scp as Scope[]) : [],
      via: KINDS.includes(payload.via as string) ? (payload.via as SessionKind) : 'ticket',
      sid: String(payload.sid),
      lid: typeof payload.lid === 'string' ? payload.lid : null,
      fam: typeof payload.fam === 'string' ? payload.fam : null,
      authTime: Number(payload.auth_time),
      exp: payload.exp!,
    };
    if (this.#verified.size >= VERIFIED_CACHE_SIZE) this.#verified.delete(this.#verified.keys().next().value!);
    this.#verified.set(token, claims);
    return this.#unrevoked(claims);
  }

  /**
   * Runs `fn` in a transaction of the tenant in which `revoke(ids)` ends sessions by chain (`sid`), link (`lid`) or
   * device (`fam`) id, and `revokeCustomer(id)` every session of that customer authenticated until now (but shared
   * views). This process forgets its cached revocations after the commit, so it sees them at once; other processes
   * within `REVOCATION_CACHE_MS`.
   */
  async revoking<T>(
    tenantId: string,
    fn: (
      tx: Tx,
      revoke: (ids: string[]) => Promise<void>,
      revokeCustomer: (customerId: string) => Promise<void>,
    ) => Promise<T>,
  ): Promise<T> {
    // A revocation is needed only while a session naming it can live; renewing needs an unrevoked session.
    const now = this.clock.now();
    const until = new Date(now.getTime() + SESSION_TTL_SECONDS * 1000);
    try {
      return await this.db.withTenant(tenantId, (tx) =>
        fn(
          tx,
          (ids) => revokeSessionIds(tx, ids, until),
          (customerId) => revokeCustomerSessions(tx, customerId, now, until),
        ),
      );
    } finally {
      this.#revoked.delete(tenantId);
    }
  }

  /** Each request checks its session against the tenant's revoked ids, loaded at most once per cache time. */
  async #unrevoked<T extends SessionClaims>(claims: T): Promise<T> {
    const revocations = await this.#revoked.get(claims.tenantId, async () => {
      const rows = await this.db.withTenant(claims.tenantId, (tx) => revokedSessionIds(tx, this.clock.now()));
      return new Map(rows.map((row) => [row.id, row.authenticatedBefore && row.authenticatedBefore.getTime() / 1000]));
    });
    if (revocations.size === 0) return claims;
    if ([claims.sid, claims.lid, claims.fam].some((id) => id !== null && revocations.get(id) === null)) throw revoked();
    const customerBefore = revocations.get(claims.customerId);
    if (customerBefore && claims.via !== 'share' && claims.authTime < customerBefore) throw revoked();
    return claims;
  }

  /**
   * Makes a new current signing key. The previous keys keep verifying until every session they signed has
   * expired (or at once with `retireNow`, e.g. after a leak), then answer 401 SESSION_INVALID. Other processes
   * see the change within their key cache time (60 s).
   */
  async rotate(tenantId: string, retireNow = false): Promise<{ kid: string; previousRetireAt: string }> {
    const retireAt = new Date(this.clock.now().getTime() + (retireNow ? 0 : SESSION_TTL_SECONDS * 1000));
    const kid = await this.db.withTenant(tenantId, async (tx) => {
      await retireSessionKeys(tx, retireAt);
      return (await insertSessionKey(tx, tenantId, this.box, this.clock.now())).kid;
    });
    this.#keys.clear();
    return { kid, previousRetireAt: retireAt.toISOString() };
  }

  /** The tenant's keys without their secrets, newest first. */
  listKeys(tenantId: string) {
    return this.db.withTenant(tenantId, listSessionKeys);
  }

  #unexpired<T extends SessionClaims>(claims: T): T {
    if (claims.exp * 1000 <= this.clock.now().getTime()) {
      throw new ApiError(401, 'SESSION_EXPIRED', 'The session has expired');
    }
    return claims;
  }

  async #key(kid: string, tenantId: string): Promise<webcrypto.CryptoKey> {
    let cached = this.#keys.get(kid);
    if (!cached || Date.now() - cached.fetchedAt >= KEY_CACHE_MS) {
      const row = await this.db.withTenant(tenantId, (tx) => sessionKeyByKid(tx, tenantId, kid, this.box));
      if (!row) throw invalid();
      cached = { tenantId, key: await importHmac(row.secret), retiredAt: row.retiredAt, fetchedAt: Date.now() };
      this.#keys.set(kid, cached);
    }
    if (cached.tenantId !== tenantId) throw invalid();
    if (cached.retiredAt && cached.retiredAt.getTime() <= this.clock.now().getTime()) throw invalid();
    return cached.key;
  }

  /** The tenant's newest signing key, created on first use. */
  async #currentKey(tx: Tx, tenantId: string): Promise<{ kid: string; secret: webcrypto.CryptoKey }> {
    const row =
      (await currentSessionKey(tx, tenantId, this.box)) ??
      (await insertSessionKey(tx, tenantId, this.box, this.clock.now()));
    return { kid: row.kid, secret: await importHmac(row.secret) };
  }
}

function importHmac(secret: Uint8Array) {
  return webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}
