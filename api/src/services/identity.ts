import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { customerByExternalRef, customerScopes } from '../db/access';
import { identityKeyForIssuer, type IdentityKeyRow } from '../db/identity-keys';
import { firstSightOfJti } from '../db/session-tokens';
import type { TenantDb, Tx } from '../db/tenant-db';
import type { Clock } from '../lib/clock';
import { GuardedFetch } from '../lib/guarded-fetch';
import { DomainError } from '../lib/outcomes';
import { SCOPES, type Scope } from '../schemas/contract/access';

/** A verified assertion: who it names (the company's customer reference) and the scopes it asks for, if any. */
export interface VerifiedIdentity {
  subject: string;
  asked: string[] | null;
  /** The assertion's `jti` and expiry: a `jti` is accepted once while the assertion lives. */
  jti: string | null;
  expiresAt: Date;
}

/** The longest-lived assertion accepted: companies mint these per page view, not per login. */
export const MAX_ASSERTION_SECONDS = 60 * 60;
/** How far ahead of our clock an assertion's `iat` may be (the company's clock may run a little fast). */
export const IAT_SKEW_SECONDS = 60;
const FETCH_TIMEOUT_MS = 3_000;
const JWKS_MAX_BYTES = 64 * 1024;
const JWKS_CACHE_MS = 10 * 60_000;
/** Header parameters that would make a verifier fetch or trust keys named by the token itself. */
const FORBIDDEN_HEADERS = ['jku', 'x5u', 'jwk', 'x5c', 'crit'] as const;

const rejected = (why: string) => new DomainError('identity-invalid', `The identity assertion is not valid: ${why}`);

/**
 * Verifies JWTs that a company mints for its own logged-in customers with a key it registered with us
 * (`/v1/admin/identity-keys`). Algorithms are pinned per registration; `exp`, `iss`, `aud` and `sub` are required;
 * keys come only from the registered JWKS (fetched from the registered URL through the guarded fetch, cached) or the
 * registered public keys — never from the token's own `jku`/`x5u`/`jwk` headers, which are refused outright.
 */
export class IdentityVerifier {
  #remote = new Map<string, JWTVerifyGetKey>();

  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    /** The one way to tenant-supplied URLs; also checks them when they are registered. */
    readonly outbound = new GuardedFetch(),
  ) {}

  /** Checks the assertion's signature and claims; `resolve` then finds its customer in the redeem transaction. */
  async verify(tenantId: string, assertion: string): Promise<VerifiedIdentity> {
    let issuer: unknown;
    try {
      const header = decodeProtectedHeader(assertion);
      const named = FORBIDDEN_HEADERS.find((name) => name in header);
      if (named) throw rejected(`the "${named}" header is not accepted`);
      issuer = decodeJwt(assertion).iss;
    } catch (error) {
      throw error instanceof DomainError ? error : rejected('not a JWT');
    }
    if (typeof issuer !== 'string') throw rejected('no issuer');
    const registered = await this.db.withTenant(tenantId, (tx) => identityKeyForIssuer(tx, issuer as string));
    if (!registered) throw rejected('unknown issuer');

    let payload;
    try {
      ({ payload } = await jwtVerify(assertion, this.#keys(registered), {
        algorithms: registered.algorithms,
        issuer: registered.issuer,
        audience: registered.audience,
        requiredClaims: ['exp', 'sub'],
        currentDate: this.clock.now(),
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw rejected('expired');
      if (error instanceof joseErrors.JWTClaimValidationFailed)
        throw rejected(`claim "${error.claim}" ${error.reason}`);
      throw rejected('signature or key');
    }
    const nowSeconds = this.clock.now().getTime() / 1000;
    if (payload.exp! - nowSeconds > MAX_ASSERTION_SECONDS) throw rejected('lives longer than an hour');
    if (payload.iat !== undefined && payload.iat > nowSeconds + IAT_SKEW_SECONDS)
      throw rejected('issued in the future');
    if (
      payload.jti !== undefined &&
      (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 200)
    )
      throw rejected('jti must be a string of at most 200 characters');

    return {
      subject: String(payload.sub),
      asked: parseScope(payload.scope),
      jti: payload.jti ?? null,
      expiresAt: new Date(payload.exp! * 1000),
    };
  }

  /**
   * The verified identity's customer and the scopes it gets (the tenant's customer scopes it asked for). Records
   * its `jti`: a second redeem of the same assertion is a replay.
   */
  async resolve(
    tx: Tx,
    { subject, asked, jti, expiresAt }: VerifiedIdentity,
  ): Promise<{ customerId: string; scopes: Scope[] }> {
    if (jti !== null && !(await firstSightOfJti(tx, jti, expiresAt, this.clock.now()))) throw rejected('jti replayed');
    const customerId = await customerByExternalRef(tx, subject);
    if (!customerId) throw rejected('unknown customer');
    const allowed = await customerScopes(tx);
    if (asked?.some((scope) => !(SCOPES as readonly string[]).includes(scope))) throw rejected('unknown scope');
    return { customerId, scopes: asked ? allowed.filter((scope) => asked.includes(scope)) : allowed };
  }

  #keys(registered: IdentityKeyRow): JWTVerifyGetKey {
    if (registered.jwks) return createLocalJWKSet(registered.jwks as JSONWebKeySet);
    const cacheKey = `${registered.id} ${registered.jwksUrl}`;
    let keys = this.#remote.get(cacheKey);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(registered.jwksUrl!), {
        timeoutDuration: FETCH_TIMEOUT_MS,
        cacheMaxAge: JWKS_CACHE_MS,
        [customFetch]: (url, { headers, signal }) =>
          this.outbound.fetch(
            url,
            { timeoutMs: FETCH_TIMEOUT_MS, maxBytes: JWKS_MAX_BYTES },
            { signal, headers: Object.fromEntries(headers) },
          ),
      });
      this.#remote.set(cacheKey, keys);
    }
    return keys;
  }
}

/** `scope` is optional; when present it is a space-separated string of scope names (RFC 8693 style), nothing else. */
function parseScope(scope: unknown): string[] | null {
  if (scope === undefined) return null;
  if (typeof scope !== 'string') throw rejected('scope must be a space-separated string');
  const names = scope.split(' ').filter(Boolean);
  if (names.length === 0) throw rejected('scope is empty');
  return names;
}
