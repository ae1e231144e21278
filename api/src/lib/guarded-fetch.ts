import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { ApiError } from './errors';

/** How the server reaches URLs that tenants give it (JWKS today, webhooks later). */
export interface OutboundOptions {
  /**
   * TESTS ONLY: also allow `http:` and loopback addresses, so a test can serve a JWKS from 127.0.0.1. Only the test
   * harness passes this to createApp; no environment variable or setting reaches it.
   */
  allowLoopbackForTests?: boolean;
  /** Name resolution (default `dns.lookup`); tests inject one, e.g. a rebinding resolver. */
  lookup?: LookupFunction;
}

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

/** The only address kind a tenant URL may reach: public unicast (ipaddr.js range names). */
const PUBLIC = 'unicast';
const LOCAL_NAMES = /(^|\.)(localhost|localdomain|internal|local)$/i;

/** Why `address` may not be reached (its range: loopback, private, linkLocal, carrierGradeNat…), or null if it may. */
export function refusedRange(address: string, allowLoopback = false): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  const range = ipaddr.parse(address).range();
  if (range === PUBLIC || (allowLoopback && range === 'loopback')) return null;
  return range;
}

/**
 * One way out for tenant-supplied URLs: https only, no credentials in the URL, and every address the name resolves
 * to checked at connect time (in the socket's own lookup, so a name that rebinds between a check and the connection
 * gains nothing) against loopback, private, link-local (cloud metadata), CGNAT, unique-local, multicast, unspecified,
 * IPv4-mapped and the other special ranges. Redirects are not followed; size and time are limited.
 */
export class GuardedFetch {
  readonly #allowLoopback: boolean;
  readonly #resolve: LookupFunction;

  constructor(options: OutboundOptions = {}) {
    this.#allowLoopback = options.allowLoopbackForTests === true;
    this.#resolve = options.lookup ?? (dnsLookup as LookupFunction);
  }

  /** Why this URL may not be registered or fetched, or null. IP literals are checked here (they are never looked up). */
  refusal(raw: string): string | null {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return 'not a URL';
    }
    const loopbackHttp = this.#allowLoopback && url.protocol === 'http:';
    if (url.protocol !== 'https:' && !loopbackHttp) return 'only https URLs are allowed';
    if (url.username || url.password) return 'credentials in the URL are not allowed';
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host)) {
      const range = refusedRange(host, this.#allowLoopback);
      return range ? `the address is in a refused range (${range})` : null;
    }
    if (LOCAL_NAMES.test(host.replace(/\.$/, '')) && !this.#allowLoopback) return 'local host names are not allowed';
    return null;
  }

  /** Throws 400 URL_NOT_ALLOWED for a URL a tenant may not register. */
  assertAllowed(raw: string, field: string) {
    const why = this.refusal(raw);
    if (why)
      throw new ApiError(400, 'URL_NOT_ALLOWED', `The URL is not allowed: ${why}`, {
        issues: [{ path: field, message: why }],
      });
  }

  /** GETs the URL; rejects (never resolves a 3xx) on a refused URL or address, a redirect, oversize or timeout. */
  fetch(raw: string, limits: FetchLimits, init: { signal?: AbortSignal; headers?: Record<string, string> } = {}) {
    const why = this.refusal(raw);
    if (why) return Promise.reject(new Error(`Outbound URL refused: ${why}`));
    const url = new URL(raw);
    const signal = AbortSignal.any([AbortSignal.timeout(limits.timeoutMs), ...(init.signal ? [init.signal] : [])]);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const req = send(url, { method: 'GET', headers: init.headers, lookup: this.#lookup, signal, agent: false });
      req.on('error', reject);
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          req.destroy(new Error('Outbound fetch refused: redirects are not followed'));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) req.destroy(new Error(`Outbound response larger than ${limits.maxBytes} bytes`));
          else chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          const type = res.headers['content-type'];
          resolve(new Response(Buffer.concat(chunks), { status, headers: type ? { 'content-type': type } : {} }));
        });
      });
      req.end();
    });
  }

  /** The socket's lookup: resolves every address and refuses the connection if any of them is not public. */
  #lookup: LookupFunction = (hostname, options, callback) => {
    this.#resolve(hostname, { ...options, all: true }, (error, result) => {
      if (error) return callback(error, '', 0);
      const addresses = result as unknown as LookupAddress[];
      const refused = addresses.find(({ address }) => refusedRange(address, this.#allowLoopback));
      if (refused || addresses.length === 0) {
        const denied = Object.assign(
          new Error(`Outbound connection refused: ${hostname} resolves to ${refused?.address ?? 'nothing'}`),
          { code: 'EADDRNOTALLOWED' },
        );
        return callback(denied, '', 0);
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
