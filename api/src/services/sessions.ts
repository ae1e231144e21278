import { webcrypto } from 'node:crypto';
import { SignJWT, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import {
  currentSessionKey,
  insertSessionKey,
  listSessionKeys,
  retireSessionKeys,
  sessionKeyByKid,
} from '../db/session-keys';
import type { TenantDb, Tx } from '../db/tenant-db';
import type { Clock } from '../lib/clock';
import { ApiError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import type { Scope } from '../schemas/contract';

export const SESSION_ISSUER = 'porchlight';
export const SESSION_AUDIENCE = 'porchlight:portal';
export const SESSION_TTL_SECONDS = 30 * 60;
const ALGORITHM = 'HS256';
const KEY_CACHE_MS = 60_000;
const VERIFIED_CACHE_SIZE = 10_000;

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
  /** Seconds since the epoch. */
  exp: number;
}

interface CachedKey {
  tenantId: string;
  key: webcrypto.CryptoKey;
  /** A rotated-out key verifies until then (its last session's expiry), never after. */
  retiredAt: Date | null;
  fetchedAt: number;
}

const invalid = () => new ApiError(401, 'SESSION_INVALID', 'The session token is not valid');

/**
 * Issues and verifies the portal's session JWTs. Each tenant signs with its own current key (`kid`); algorithms
 * are pinned. Verification is the hot path of every portal request, so imported keys and already-verified tokens
 * are cached — a cached token still has its expiry checked on every use.
 */
export class SessionService {
  #keys = new Map<string, CachedKey>();
  #verified = new Map<string, SessionClaims & { kid: string }>();

  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
  ) {}

  async issue(tx: Tx, claims: Omit<SessionClaims, 'exp'>): Promise<{ session: string; expiresAt: string }> {
    const { kid, secret } = await currentKey(tx, claims.tenantId);
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const exp = now + SESSION_TTL_SECONDS;
    const session = await new SignJWT({
      tid: claims.tenantId,
      tkt: claims.ticketId,
      scp: claims.scopes,
      via: claims.via,
    })
      .setProtectedHeader({ alg: ALGORITHM, kid, typ: 'JWT' })
      .setIssuer(SESSION_ISSUER)
      .setAudience(SESSION_AUDIENCE)
      .setSubject(claims.customerId)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(secret);
    return { session, expiresAt: new Date(exp * 1000).toISOString() };
  }

  async verify(token: string): Promise<SessionClaims> {
    const cached = this.#verified.get(token);
    if (cached) {
      await this.#key(cached.kid, cached.tenantId);
      return this.#unexpired(cached);
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
        requiredClaims: ['exp', 'iat', 'sub', 'tid', 'scp'],
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
      exp: payload.exp!,
    };
    if (this.#verified.size >= VERIFIED_CACHE_SIZE) this.#verified.delete(this.#verified.keys().next().value!);
    this.#verified.set(token, claims);
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
      return (await insertSessionKey(tx, tenantId)).kid;
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
      const row = await this.db.withTenant(tenantId, (tx) => sessionKeyByKid(tx, kid));
      if (!row) throw invalid();
      cached = { tenantId, key: await importHmac(row.secret), retiredAt: row.retiredAt, fetchedAt: Date.now() };
      this.#keys.set(kid, cached);
    }
    if (cached.tenantId !== tenantId) throw invalid();
    if (cached.retiredAt && cached.retiredAt.getTime() <= this.clock.now().getTime()) throw invalid();
    return cached.key;
  }
}

function importHmac(secret: Uint8Array) {
  return webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** The tenant's newest signing key, created on first use. */
async function currentKey(tx: Tx, tenantId: string): Promise<{ kid: string; secret: webcrypto.CryptoKey }> {
  const row = (await currentSessionKey(tx)) ?? (await insertSessionKey(tx, tenantId));
  return { kid: row.kid, secret: await importHmac(row.secret) };
}
