import { setMaxListeners } from 'node:events';
import { OpenAPIHono } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { isDatabaseUnavailable, type Sql } from './db/client';
import { PreTenantLookups } from './db/pre-tenant';
import { TenantDb } from './db/tenant-db';
import type { Clock } from './lib/clock';
import { withDeadline } from './lib/deadline';
import { ApiError, toApiError } from './lib/errors';
import { GuardedFetch, type OutboundOptions } from './lib/guarded-fetch';
import { DomainError, type OutcomeDetail } from './lib/outcomes';
import type { SecretBox } from './lib/secret-box';
import { silentLogger, type Logger } from './lib/log';
import { PortalGates, RATE_LIMITS, sessionAuth, type RateLimits } from './middleware/auth';
import { AuthFailures } from './middleware/auth-failures';
import { DOCUMENT_TRANSFER, inputGuard, jsonBodyGuard } from './middleware/body';
import { portalCors, varyOrigin } from './middleware/cors';
import { adminAuth, ServedAt, staffAuth } from './middleware/staff-auth';
import type { AppEnv } from './middleware/types';
import { consolePageRoutes } from './routes/console-page';
import { adminAccessRoutes } from './routes/admin-access';
import { adminApiKeyRoutes } from './routes/admin-api-keys';
import { adminActivationRoutes } from './routes/admin-actions';
import { adminCustomerRoutes } from './routes/admin-customers';
import { adminSessionRoutes } from './routes/admin-sessions';
import { adminSettingsRoutes } from './routes/admin-settings';
import { adminStaffRoutes } from './routes/admin-staff';
import { adminLogoRoutes, logoRoutes } from './routes/logos';
import { staffRoutes } from './routes/staff';
import { adminTicketRoutes } from './routes/admin-tickets';
import { adminDocumentRoutes } from './routes/admin-documents';
import { portalDocumentRoutes } from './routes/portal-documents';
import type { BlobStore } from './services/documents/blob-store';
import { Documents, type DocumentLimits } from './services/documents/documents';
import { portalAccessRoutes } from './routes/portal-access';
import { portalCommentRoutes } from './routes/portal-comments';
import { portalMessageRoutes } from './routes/portal-messages';
import { adminMessageRoutes } from './routes/admin-messages';
import { portalRoutes } from './routes/portal';
import { portalSessionRoutes } from './routes/portal-sessions';
import { adminBookingRoutes } from './routes/admin-booking';
import { adminFeedbackRoutes } from './routes/admin-feedback';
import { portalFeedbackRoutes } from './routes/portal-feedback';
import { portalResolutionRoutes } from './routes/portal-resolution';
import { portalBookingRoutes } from './routes/portal-booking';
import { portalJobRoutes } from './routes/portal-jobs';
import { portalStreamRoutes } from './routes/portal-stream';
import { adminInvoiceRoutes } from './routes/admin-invoices';
import { portalInvoiceRoutes } from './routes/portal-invoices';
import { adminServiceRequestRoutes } from './routes/admin-service-requests';
import { portalServiceRequestRoutes } from './routes/portal-service-requests';
import { documentStripeWebhook, stripeWebhookRoutes } from './routes/webhooks-stripe';
import { Payments, type PaymentsOptions } from './services/payments';
import type { ErrorCode } from './schemas/contract/errors';
import { InProcessEventBus, type EventBus } from './services/event-bus';
import { IdentityVerifier } from './services/identity';
import { SessionService } from './services/sessions';
import { StaffAccounts } from './services/staff';
import { STREAM_LIMITS, StreamCaps, type StreamLimits } from './services/stream-caps';
import { TicketFeeds } from './services/ticket-feeds';

export interface AppOptions {
  /** The request pool: `Database.appSql` (on PostgreSQL logged in as `porchlight_app`). */
  sql: Sql;
  clock: Clock;
  /** Seals and opens the per-tenant session signing secrets (PORCHLIGHT_SECRET_KEY). */
  secretBox: SecretBox;
  /** Live ticket events; in-process unless given (PostgresEventBus for several processes). */
  bus?: EventBus;
  /** Abort to drain open event streams (they tell clients to reconnect). */
  shutdown?: AbortSignal;
  heartbeatMs?: number;
  log?: Logger;
  /** Folder with the built widget (dist/); served at /widget/. */
  widgetDir?: string;
  /** How many proxies in front append to X-Forwarded-For; the client is the entry left of theirs (0: none). */
  trustProxy?: number;
  /** Overrides of the default rate limits (RATE_LIMITS), e.g. for a test browser that redeems many links. */
  rateLimits?: Partial<RateLimits>;
  /** Caps on open event streams per session and client address (per process); defaults STREAM_LIMITS. */
  streamLimits?: Partial<StreamLimits>;
  /** How tenant-supplied URLs are reached; only tests pass anything (see OutboundOptions.allowLoopbackForTests). */
  outbound?: OutboundOptions;
  requestDeadlineMs?: number;
  /** The API's public URL (PUBLIC_URL): decides Secure cookies and the console's origin; else the request's own. */
  publicUrl?: string;
  /** Stripe: the key that seals tenants' credentials, and (tests only) where the SDK sends its calls. */
  payments?: PaymentsOptions;
  /** Where documents' bytes go (default PostgreSQL) and their size limits (default DOCUMENT_LIMITS). */
  documents?: { store?: BlobStore; limits?: Partial<DocumentLimits> };
}

/** Seconds a client should wait before retrying while the database is unreachable. */
const RETRY_AFTER_SECONDS = 5;
/** A request answers within this: 503 DATABASE_UNAVAILABLE when the database does not (statement timeout is 5 s). */
export const REQUEST_DEADLINE_MS = 10_000;
const READY_DEADLINE_MS = 2_000;
/** A document upload or download streams as fast as the client's connection allows: minutes, not seconds. */
export const TRANSFER_DEADLINE_MS = 300_000;

/**
 * Builds the whole HTTP app: request ids, logging, secure headers, CORS, the admin and portal APIs, the OpenAPI
 * document, the widget files and health checks. Nothing here listens on a port — see server.ts.
 */
export function createApp({
  sql,
  clock,
  secretBox,
  log = silentLogger,
  widgetDir,
  bus = new InProcessEventBus(),
  shutdown = new AbortController().signal,
  heartbeatMs = 15_000,
  trustProxy = 0,
  rateLimits,
  streamLimits,
  outbound,
  requestDeadlineMs = REQUEST_DEADLINE_MS,
  payments: paymentOptions,
  publicUrl,
  documents: documentOptions,
}: AppOptions) {
  // Every open event stream listens for shutdown; thousands of them are expected, not a leak.
  setMaxListeners(0, shutdown);
  const db = new TenantDb(sql);
  const preTenant = new PreTenantLookups(sql);
  const sessions = new SessionService(db, clock, secretBox);
  const gates = new PortalGates(db);
  const identity = new IdentityVerifier(db, clock, new GuardedFetch(outbound));
  const limits: RateLimits = { ...RATE_LIMITS, ...rateLimits };
  const payments = new Payments(db, preTenant, clock, secretBox, paymentOptions);
  const feeds = new TicketFeeds(db, clock, bus, (tenantId) => gates.tenant(tenantId));
  const documents = new Documents(db, clock, documentOptions?.store, documentOptions?.limits);
  const deps = {
    db,
    preTenant,
    clock,
    sessions,
    gates,
    identity,
    trustProxy,
    rateLimits: limits,
    bus,
    shutdown,
    heartbeatMs,
    feeds,
    streams: new StreamCaps({ ...STREAM_LIMITS, ...streamLimits }),
    staff: new StaffAccounts(db, preTenant, clock),
    servedAt: new ServedAt(publicUrl, trustProxy),
  };
  const app = new OpenAPIHono<AppEnv>();

  // A client's own X-Request-Id is kept only when short and plain (hono: at most 64 of [A-Za-z0-9_=-]).
  app.use(requestId({ limitLength: 64 }));
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    log.info('request', {
      requestId: c.var.requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  // Nothing waits longer than this for an answer; event streams count until their first byte.
  app.use((c, next) =>
    withDeadline(next, DOCUMENT_TRANSFER.test(c.req.path) ? TRANSFER_DEADLINE_MS : requestDeadlineMs, 'request'),
  );
  app.use(varyOrigin);
  // The widget is embedded on other sites and the API is called cross-origin by design.
  app.use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin', crossOriginEmbedderPolicy: false }));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    await withDeadline(() => db.ping(), READY_DEADLINE_MS, 'readiness check');
    return c.json({ status: 'ready' });
  });

  if (widgetDir) {
    app.use('/widget/*', async (c, next) => {
      await next();
      if (c.res.status !== 200) return;
      // Public, credential-free static files: any page may load them (module scripts are fetched with CORS).
      c.res.headers.set('Access-Control-Allow-Origin', '*');
      const hashed = /\/chunks\//.test(c.req.path);
      c.res.headers.set('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    });
    // The scripts are text: gzip takes the first view's ~64 KB on the wire to ~22 KB.
    app.use('/widget/*', compress());
    app.use('/widget/*', serveStatic({ root: widgetDir, rewriteRequestPath: (path) => path.replace(/^\/widget/, '') }));
  }

  // The company console: same origin as the API (its cookie session), its own page and bundle.
  if (widgetDir) app.route('/admin', consolePageRoutes(widgetDir));

  // Authenticated answers, errors and the sessions a redeem returns never belong in a browser or shared cache.
  app.use('/v1/*', async (c, next) => {
    await next();
    // On the finished response's own headers: c.header() after next() would rebuild the response from its body.
    // Logo files are public and named by their content: they keep their own long, immutable caching.
    if (!(c.req.path.startsWith('/v1/logos/') && c.res.status === 200)) c.res.headers.set('Cache-Control', 'no-store');
  });
  app.use('/v1/*', inputGuard);
  // Before the JSON guard: a webhook's signature covers its raw bytes, which it reads itself (same size cap).
  app.route('/v1/webhooks/stripe', stripeWebhookRoutes(payments));
  documentStripeWebhook(app);
  const failures = new AuthFailures(preTenant, clock, trustProxy, limits.authFailuresPerIp);
  const admin = adminAuth(db, preTenant, clock, failures, deps.staff, deps.servedAt);
  // Also before the JSON guard: a logo upload's body is an image (its own 20 KB cap and type checks).
  app.route('/v1/admin', adminLogoRoutes(deps, admin));
  app.route('/v1/logos', logoRoutes(deps));
  app.use('/v1/*', jsonBodyGuard);
  app.use('/v1/portal/*', portalCors(preTenant));
  app.use('/v1/admin/*', admin);
  app.route('/v1/admin', adminStaffRoutes(deps));
  app.route('/v1/admin', adminTicketRoutes(deps));
  app.route('/v1/admin', adminSettingsRoutes(deps));
  app.route('/v1/admin', adminAccessRoutes(deps));
  app.route('/v1/admin', adminApiKeyRoutes(deps));
  app.route('/v1/admin', adminActivationRoutes(deps));
  app.route('/v1/admin', adminBookingRoutes(deps));
  app.route('/v1/admin', adminFeedbackRoutes());
  app.route('/v1/admin', adminInvoiceRoutes(deps, payments));
  app.route('/v1/admin', adminSessionRoutes(deps));
  app.route('/v1/admin', adminCustomerRoutes(deps));
  app.route('/v1/admin', adminDocumentRoutes(documents));
  app.route('/v1/admin', adminServiceRequestRoutes(deps));
  app.route('/v1/admin', adminMessageRoutes(deps));
  app.route('/v1/staff', staffRoutes(deps, staffAuth(db, deps.staff, deps.servedAt, failures)));
  const portalAuth = sessionAuth(db, preTenant, sessions, gates, clock, limits.writesPerSession, failures);
  app.route('/v1/portal', portalRoutes(deps, portalAuth));
  app.route('/v1/portal', portalAccessRoutes(deps, gates, portalAuth));
  app.route('/v1/portal', portalSessionRoutes(deps, gates, portalAuth));
  app.route('/v1/portal', portalStreamRoutes(deps, portalAuth));
  app.route('/v1/portal', portalCommentRoutes(portalAuth));
  app.route('/v1/portal', portalDocumentRoutes(documents, portalAuth));
  app.route('/v1/portal', portalMessageRoutes(deps, portalAuth));
  app.route('/v1/portal', portalBookingRoutes(deps, portalAuth));
  app.route('/v1/portal', portalFeedbackRoutes(deps, portalAuth));
  app.route('/v1/portal', portalResolutionRoutes(deps, portalAuth));
  app.route('/v1/portal', portalJobRoutes(deps, portalAuth));
  app.route('/v1/portal', portalInvoiceRoutes(deps, payments, portalAuth, new GuardedFetch(outbound)));
  app.route('/v1/portal', portalServiceRequestRoutes(deps, portalAuth));

  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'Tenant API key (company servers only, never in a browser)',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'staffCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: '__Host-porch_staff',
    description:
      'Staff session cookie from POST /v1/staff/session (porch_staff over plain http); writes also need X-CSRF-Token and a same-origin Origin',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Portal session from POST /v1/portal/session',
  });
  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Porchlight API', version: '1.0.0', description: 'Customer portal for field-service companies' },
  });

  app.notFound((c) => envelope(c, 404, 'NOT_FOUND', 'No such route'));
  app.onError((thrown, c) => {
    const error = thrown instanceof DomainError ? toApiError(thrown) : thrown;
    if (error instanceof ApiError) {
      // Stop reading a refused body: the connection closes after the answer instead of draining the rest.
      if (error.status === 413 || error.status === 415) c.header('Connection', 'close');
      if (error.extra.retryAfter) c.header('Retry-After', String(error.extra.retryAfter));
      return envelope(c, error.status, error.code, error.message, error.extra);
    }
    if (error instanceof HTTPException) {
      if (error.status === 413) return envelope(c, 413, 'PAYLOAD_TOO_LARGE', 'The body is too large');
      if (error.status === 415)
        return envelope(c, 415, 'UNSUPPORTED_MEDIA_TYPE', 'This content type is not accepted here');
      return envelope(c, 400, 'VALIDATION_FAILED', error.message);
    }
    if (isDatabaseUnavailable(error)) {
      log.error('database_unavailable', { requestId: c.var.requestId, code: (error as { code?: string }).code });
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return envelope(c, 503, 'DATABASE_UNAVAILABLE', 'The service is temporarily unavailable');
    }
    // postgres.js keeps query parameters off the enumerable properties; log only the message and stack.
    log.error('unhandled', { requestId: c.var.requestId, message: error.message, stack: error.stack });
    return envelope(c, 500, 'INTERNAL', 'Something went wrong on our side');
  });

  return app;
}

function envelope(
  c: { json: (body: unknown, status: never) => Response; var: { requestId: string } },
  status: number,
  code: ErrorCode,
  message: string,
  { issues, theme }: OutcomeDetail = {},
) {
  return c.json(
    {
      error: { code, message, requestId: c.var.requestId, ...(issues ? { issues } : {}), ...(theme ? { theme } : {}) },
    },
    status as never,
  );
}

export type App = ReturnType<typeof createApp>;
