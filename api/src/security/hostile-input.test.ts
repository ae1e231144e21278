/**
 * Hostile input against every request schema of the OpenAPI document: for each operation (path, method), fast-check
 * builds requests from the operation's own parameter and body schemas, with any field replaced now and then by
 * something hostile — NUL characters, lone surrogates, huge or deeply nested values, extreme numbers, wrong types.
 * Requests are authenticated (tenant API key, a portal session with every scope) so validation and the handlers
 * really run. No answer may be a 5xx, and for a sample of the 4xx answers the database must be unchanged.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { SCOPES } from '../schemas/contract/access';
import { sampleTicket, startHarness, type Harness } from '../testing/harness';

type Schema = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  security: 'apiKey' | 'session' | null;
  parameters: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: Schema }[];
  body: Schema | null;
}

/** Runs per operation: about 60 operations × RUNS requests stay well under a minute on PGlite. */
const RUNS = 10;
/** Every how many 4xx answers the database is compared with its state before the request. */
const DB_CHECK_EVERY = 3;

let h: Harness;
let apiKey: string;
let session: string;
let ticket: { id: string; customer: { id: string } };
let components: Record<string, Schema>;
let operations: Operation[];

before(async () => {
  const unlimited = { limit: 1_000_000, windowSeconds: 60 };
  h = await startHarness({
    app: { rateLimits: { redeemPerIp: unlimited, linkRequestPerIp: unlimited, writesPerSession: unlimited } },
  });
  apiKey = h.a.apiKey;
  ticket = await h.createTicket(h.a, { customer: { ...sampleTicket().customer, externalRef: 'crm-1' } });
  session = await h.sessionWithScopes(h.a, ticket, [...SCOPES]);
  const doc = (await h.call('GET', '/v1/openapi.json')).body;
  components = doc.components.schemas;
  operations = [];
  for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(methods)) {
      const scheme = (op.security?.[0] ? Object.keys(op.security[0])[0] : null) as Operation['security'];
      operations.push({
        method: method.toUpperCase(),
        path,
        security: scheme,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  }
  // Key rotations last: they end the credentials every other operation uses.
  operations.sort((x, y) => Number(/rotate$/.test(x.path)) - Number(/rotate$/.test(y.path)));
});
after(() => h.close());

const resolve = (schema: Schema): Schema => (schema.$ref ? resolve(components[schema.$ref.split('/').pop()]!) : schema);

const nest = (depth: number): unknown => (depth === 0 ? 'x' : depth % 2 ? [nest(depth - 1)] : { a: nest(depth - 1) });
const hostileString = fc.constantFrom(
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\udbff\udbff',
  'x'.repeat(20_000),
  '',
  ' ',
  '\u202e\u200b\ufeff',
  '💥'.repeat(300),
  "'; drop table tickets; --",
  '../../etc/passwd',
  '2026-02-30',
  '9999-12-31T23:59:59Z',
  '-0001-01-01',
  '00000000-0000-0000-0000-000000000000',
);
const hostileNumber = fc.constantFrom(
  0,
  -0,
  -1,
  0.001,
  0.004,
  0.5,
  1e-320,
  1e308,
  -1e308,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  2 ** 31,
  -(2 ** 31) - 1,
  1e21,
);
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom<unknown>(null, true, false, [], {}, [null], { '\u0000': 1 }, nest(10), nest(15), nest(40)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A value the schema accepts, as far as a small generator can tell; with `mix`, hostile ones at every level. */
function value(raw: Schema, depth = 0, mix = true): fc.Arbitrary<unknown> {
  const fine = plausible(raw, depth, mix);
  return mix ? fc.oneof({ weight: 5, arbitrary: fine }, { weight: 1, arbitrary: hostile }) : fine;
}

/** Valid values, or valid values with exactly one leaf (string, number, boolean, null) made hostile. */
function oneHostileLeaf(raw: Schema): fc.Arbitrary<unknown> {
  const leaf = fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 2, arbitrary: hostileNumber }, hostile);
  return fc.tuple(plausible(raw, 0, false), fc.nat(), leaf).map(([fine, n, bad]) => {
    const leaves: [Record<string, unknown>, string][] = [];
    const walk = (node: unknown) => {
      if (node === null || typeof node !== 'object') return;
      for (const [key, child] of Object.entries(node)) {
        if (child !== null && typeof child === 'object') walk(child);
        else leaves.push([node as Record<string, unknown>, key]);
      }
    };
    walk(fine);
    if (leaves.length === 0) return bad;
    const [parent, key] = leaves[n % leaves.length]!;
    parent[key] = bad;
    return fine;
  });
}

/** Fields whose validity no schema keyword tells (refinements). */
const KNOWN: Record<string, string> = {
  timezone: 'Europe/Berlin',
  portalUrl: 'https://acme.example/portal',
  mapTileUrl: 'https://tiles.example/{z}/{x}/{y}.png',
  jwksUrl: 'https://login.acme.example/jwks.json',
  email: 'dana@example.com',
};

function plausible(raw: Schema, depth: number, mix: boolean): fc.Arbitrary<unknown> {
  const value_ = (schema: Schema, depth: number) => value(schema, depth, mix);
  const schema = resolve(raw);
  if (depth > 6) return fc.constant(null);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return fc.oneof(...variants.map((variant: Schema) => plausible(variant, depth, mix)));
  if (schema.allOf) return plausible(Object.assign({}, ...schema.allOf.map(resolve)), depth, mix);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return plausibleString(schema);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
      const max = schema.maximum ?? min + 100;
      return type === 'integer'
        ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
        : fc.double({ min, max, noNaN: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(value_(schema.items ?? {}, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case 'object': {
      const properties: Record<string, Schema> = schema.properties ?? {};
      if (Object.keys(properties).length === 0) {
        return fc.dictionary(fc.string({ maxLength: 8 }), value_(schema.additionalProperties ?? {}, depth + 1), {
          maxKeys: 3,
        });
      }
      const fields = Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [
          name,
          KNOWN[name] && resolve(property).type === 'string' ? fc.constant(KNOWN[name]) : value_(property, depth + 1),
        ]),
      );
      return fc.record(fields, { requiredKeys: schema.required ?? [] });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function plausibleString(schema: Schema): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return fc.constantFrom(ticket.id, ticket.customer.id, randomUUID());
    case 'date':
      return fc.constantFrom('2026-11-24', '2026-12-01', '2027-01-15');
    case 'date-time':
      return fc.constantFrom('2026-11-23T10:00:00Z', '2026-11-24T14:30:00.000Z');
    case 'email':
      return fc.constantFrom('dana@example.com', 'x@acme.example');
    case 'uri':
      return fc.constantFrom('https://acme.example/portal', 'https://login.acme.example/jwks.json');
  }
  if (schema.example !== undefined && typeof schema.example === 'string') return fc.constant(schema.example);
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern)).filter((text) => text.length <= (schema.maxLength ?? 1000));
  }
  const min = schema.minLength ?? 1;
  const max = Math.max(min, Math.min(schema.maxLength ?? 12, 12));
  return fc.string({ minLength: min, maxLength: max, unit: 'grapheme-ascii' });
}

function requestFor(op: Operation) {
  const params = op.parameters.map((param) =>
    param.in === 'header'
      ? fc
          .oneof({ weight: 3, arbitrary: plausible(param.schema, 0, false) }, hostileString)
          .map((v) => [param, String(v)] as const)
      : (param.required ? value(param.schema) : fc.option(value(param.schema), { nil: undefined, freq: 3 })).map(
          (v) => [param, v] as const,
        ),
  );
  return fc.record({
    params: fc.tuple(...params),
    body: op.body
      ? fc.oneof(value(op.body), plausible(op.body, 0, false), { weight: 2, arbitrary: oneHostileLeaf(op.body) })
      : fc.constant(undefined),
  });
}

/** Percent-encodes a path segment; a lone surrogate goes out as its raw 3-byte form, as a hostile client could. */
function encodeSegment(text: string) {
  return [...text]
    .map((char) => {
      const code = char.charCodeAt(0);
      if (char.length === 1 && code >= 0xd800 && code <= 0xdfff) {
        return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
          .map((byte) => `%${byte.toString(16).toUpperCase()}`)
          .join('');
      }
      return encodeURIComponent(char);
    })
    .join('');
}

async function send(
  op: Operation,
  request: { params: (readonly [Operation['parameters'][number], unknown])[]; body: unknown },
) {
  let path = op.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const [param, v] of request.params) {
    if (v === undefined) continue;
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    if (param.in === 'path') path = path.replace(`{${param.name}}`, encodeSegment(text));
    else if (param.in === 'query') query.append(param.name, text);
    else headers[param.name] = text.replace(/[^\x20-\x7e]/g, '');
  }
  path = path.replace(/\{[^}]+\}/g, ticket.id);
  if (op.security === 'apiKey') headers.authorization = `Bearer ${apiKey}`;
  if (op.security === 'session') headers.authorization = `Bearer ${session}`;
  headers.origin = h.a.origin;
  let body: string | undefined;
  if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['content-type'] = 'application/json';
  }
  const env = { incoming: { socket: { remoteAddress: '192.0.2.7' } } };
  const url = `${path}${query.size ? `?${query}` : ''}`;
  const response = await h.app.request(url, { method: op.method, headers, body }, env);
  // Event streams never end: the status is all this test needs.
  const text = response.headers.get('content-type')?.startsWith('text/event-stream')
    ? (await response.body?.cancel(), '')
    : await response.text();
  return { url, status: response.status, text };
}

const TABLES_WITHOUT_COUNTERS = `
  select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind = 'r' and c.relname not in ('rate_limits', 'schema_migrations')
  order by 1`;

/** Every row but its `last_used_at`: the API key a refused request came with was still used (stamped once a minute). */
const ROW = `(to_jsonb(t) - 'last_used_at')::text`;

async function snapshot(): Promise<string> {
  const tables = await h.db.sql<{ name: string }[]>`${h.db.sql.unsafe(TABLES_WITHOUT_COUNTERS)}`;
  const parts = await Promise.all(
    tables.map(async ({ name }) => {
      const [row] = await h.db.sql.unsafe(
        `select count(*)::int as n, md5(coalesce(string_agg(${ROW}, ',' order by ${ROW}), '')) as h from ${name} t`,
      );
      return `${name}:${row!.n}:${row!.h}`;
    }),
  );
  return parts.join('\n');
}

describe('hostile input against every request schema', () => {
  it('never answers 5xx, and a sample of 4xx answers changed nothing', async () => {
    assert.ok(operations.length > 50, `${operations.length} operations found in the OpenAPI document`);
    const statuses = new Map<number, number>();
    let fourXx = 0;
    let checked = 0;
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(requestFor(op), async (request) => {
          const checkDb = request.body !== undefined || op.method !== 'GET';
          const before = checkDb && fourXx % DB_CHECK_EVERY === 0 ? await snapshot() : null;
          const res = await send(op, request);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          assert.ok(res.status < 500, `${op.method} ${res.url} → ${res.status} ${res.text.slice(0, 300)}`);
          if (res.status >= 200 && res.status < 300) {
            if (/api-keys\/rotate$/.test(op.path)) apiKey = JSON.parse(res.text).apiKey;
            if (/session-keys\/rotate$/.test(op.path)) session = await h.sessionWithScopes(h.a, ticket, [...SCOPES]);
          }
          if (res.status >= 400 && res.status < 500) {
            fourXx++;
            if (before !== null) {
              checked++;
              assert.equal(await snapshot(), before, `${op.method} ${res.url} → ${res.status} changed the database`);
            }
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    }
    // The generator must reach past authentication and validation, or the test proves nothing.
    const count = (from: number, to: number) =>
      [...statuses].filter(([status]) => status >= from && status < to).reduce((sum, [, n]) => sum + n, 0);
    assert.ok(count(200, 300) > 30, `2xx answers: ${JSON.stringify([...statuses])}`);
    assert.ok(count(400, 401) > 100, `400 answers: ${JSON.stringify([...statuses])}`);
    assert.ok(checked > 20, `${checked} database comparisons`);
  });

  it('reports the field path of a NUL character, a lone surrogate and an extreme number (known 500s before)', async () => {
    const cases: [string, string, unknown, string][] = [
      ['POST', '/v1/admin/tickets', { ...sampleTicket(), title: 'a\u0000b' }, 'json.title'],
      [
        'POST',
        '/v1/admin/tickets',
        { ...sampleTicket(), customer: { ...sampleTicket().customer, name: '\ud800' } },
        'json.customer.name',
      ],
      ['POST', '/v1/portal/login-links/request', { email: 'a\u0000@example.com', tenant: h.a.publicId }, 'json.email'],
      ['POST', '/v1/portal/session', { token: 'x\u0000' }, 'json.token'],
      ['PATCH', '/v1/admin/settings', { precisePositionKm: 0.004 }, 'json.precisePositionKm'],
    ];
    for (const [method, path, body, field] of cases) {
      const auth = path.startsWith('/v1/admin') ? apiKey : undefined;
      const res = await h.call(method, path, { body, auth, origin: h.a.origin });
      assert.equal(res.status, 400, `${path} ${JSON.stringify(body)}`);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.ok(
        res.body.error.issues.some((issue: { path: string }) => issue.path === field),
        `${field} in ${JSON.stringify(res.body.error.issues)}`,
      );
    }
    const query = await h.call('GET', '/v1/admin/tickets?limit=%00', { auth: apiKey });
    assert.equal(query.status, 400);
    assert.equal(query.body.error.issues[0].path, 'query.limit');
    const fine = await h.call('PATCH', '/v1/admin/settings', { body: { precisePositionKm: 0.5 }, auth: apiKey });
    assert.equal(fine.status, 200, 'positive control: a sane value is stored');
    assert.equal(fine.body.precisePositionKm, 0.5);
  });
});
