import { sha256 } from '../lib/tokens';
import { withTenant, type Sql } from './client';
import { rateHit, type RateLimit } from './rate-limits';

/** Which kind of link a token is, and whose. */
export interface LinkOwner {
  tenantId: string;
  kind: 'ticket' | 'login' | 'share';
  linkId: string;
}

/**
 * The lookups a request makes before it knows its tenant, on the request pool (`porchlight_app`). Each goes
 * through a security-definer function that answers only what its argument names (a token's hash, a public id, an
 * API key's hash), so nothing here can list or read tenant data.
 */
export class PreTenantLookups {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** A tenant by its public id (the widget's `tenant` attribute, the CLI's reference); null when unknown. */
  async tenantByPublicId(publicId: string): Promise<string | null> {
    const [row] = await withTenant(
      this.#sql,
      null,
      (tx) => tx<{ id: string | null }[]>`select porch_tenant_by_public_id(${publicId}) as id`,
    );
    return row?.id ?? null;
  }

  /** The tenant and key an API key is (null when unknown, revoked or expired at `now`); records its last use. */
  async apiKeyUse(apiKey: string, now: Date): Promise<{ tenantId: string; keyId: string } | null> {
    const [row] = await withTenant(
      this.#sql,
      null,
      (tx) => tx<{ tenantId: string; keyId: string }[]>`
        select tenant_id as "tenantId", key_id as "keyId" from porch_api_key_use(${sha256(apiKey)}, ${now})`,
    );
    return row ?? null;
  }

  /** The link a token (of any kind) belongs to, by the token's hash; undefined when there is none. */
  async linkOwner(token: string): Promise<LinkOwner | undefined> {
    const [owner] = await withTenant(
      this.#sql,
      null,
      (tx) => tx<LinkOwner[]>`
        select tenant_id as "tenantId", kind, link_id as "linkId" from porch_token_owner(${sha256(token)})`,
    );
    return owner;
  }

  /** The tenant a refresh token belongs to, by the token's hash; null when unknown. */
  async refreshTokenOwner(token: string): Promise<string | null> {
    const [row] = await withTenant(
      this.#sql,
      null,
      (tx) => tx<{ id: string | null }[]>`select porch_refresh_token_owner(${sha256(token)}) as id`,
    );
    return row?.id ?? null;
  }

  /** Whose staff sign-in link or staff session a token is, by the token's hash; undefined when none. */
  async staffTokenOwner(
    token: string,
  ): Promise<{ tenantId: string; kind: 'link' | 'session'; id: string } | undefined> {
    const [owner] = await withTenant(
      this.#sql,
      null,
      (tx) => tx<{ tenantId: string; kind: 'link' | 'session'; id: string }[]>`
        select tenant_id as "tenantId", kind, id from porch_staff_token_owner(${sha256(token)})`,
    );
    return owner;
  }

  /** Every origin some tenant allows (answers CORS preflights, which carry no token). */
  async allAllowedOrigins(): Promise<Set<string>> {
    const rows = await withTenant(
      this.#sql,
      null,
      (tx) => tx<{ origin: string }[]>`select porch_all_allowed_origins() as origin`,
    );
    return new Set(rows.map((r) => r.origin));
  }

  /** Counts one hit on `key` in its current window; the seconds to wait when over the limit, else 0. */
  rateHit(key: string, limit: RateLimit): Promise<number> {
    return rateHit(this.#sql, key, limit);
  }
}
