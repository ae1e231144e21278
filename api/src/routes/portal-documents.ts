import { Readable } from 'node:stream';
import { createRoute } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { listDocuments } from '../db/documents';
import { ApiError } from '../lib/errors';
import { ensureJobSection, requireScope } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse, IdParams, jsonResponse } from '../schemas/common';
import type { Scope } from '../schemas/contract/access';
import { binaryDocument, DocumentList, DocumentParams, TicketDocument, uploadBody } from '../schemas/documents';
import type { Documents } from '../services/documents/documents';
import { attachmentHeader } from '../services/documents/inspect';
import type { UploadBody } from '../services/documents/multipart';
import { router } from './deps';

/**
 * Documents belong to the ticket's conversation: the `messages` module of the job's profile, whose scope is
 * `comments` (lib/modules.ts). Should that scope be renamed, this is the one place to change.
 */
export const DOCUMENTS_SCOPE: Scope = 'comments';

const security = [{ session: [] }];
const tags = ['Portal: documents'];
/** What a multipart body may carry beyond the file itself (boundaries, part headers, a few fields). */
const MULTIPART_OVERHEAD = 64 * 1024;

export const uploadErrors = {
  400: errorResponse('`DOCUMENT_EMPTY` (a zero-byte file), `VALIDATION_FAILED` (no `file` part, malformed body)'),
  413: errorResponse('`DOCUMENT_TOO_LARGE` (the file), `DOCUMENT_QUOTA_EXCEEDED` (the ticket’s documents together)'),
  415: errorResponse('`DOCUMENT_TYPE_REFUSED` (its bytes are not an allowed type), `UNSUPPORTED_MEDIA_TYPE`'),
};

/** Refuses before reading a byte what cannot be a good upload: not multipart, or a declared length over the limit. */
export function checkUploadRequest(c: Context<AppEnv>, documents: Documents): void {
  if (!/^multipart\/form-data\s*;/i.test(c.req.header('content-type') ?? '')) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data');
  }
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > documents.limits.maxFileBytes + MULTIPART_OVERHEAD) {
    const mb = +(documents.limits.maxFileBytes / 1024 / 1024).toFixed(1);
    throw new ApiError(413, 'DOCUMENT_TOO_LARGE', `A document may be at most ${mb} MB`);
  }
}

/**
 * The request's body for a streamed upload. Under the Node server it is the IncomingMessage itself, so busboy's
 * backpressure reaches the socket directly rather than through Hono's web-stream wrapper (`Readable.toWeb`).
 * In-process requests (tests) have only the web stream.
 */
export function uploadStream(c: Context<AppEnv>): UploadBody {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  const stream =
    incoming instanceof Readable
      ? incoming
      : c.req.raw.body
        ? Readable.fromWeb(c.req.raw.body as never)
        : Readable.from([]);
  return { contentType: c.req.header('content-type') ?? '', stream };
}

/** The download: the detected type, attachment with a safe name, nosniff (no-store is global). */
export async function documentResponse(c: Context<AppEnv>, documents: Documents, ticketId: string, docId: string) {
  const { doc, body } = await documents.open(c.var.tenantId, ticketId, docId);
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': doc.contentType,
      'content-length': String(doc.size),
      'content-disposition': attachmentHeader(doc.name),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      // A document opened in a tab by mistake can run nothing.
      'content-security-policy': "default-src 'none'; sandbox",
    },
  });
}

/**
 * A ticket's documents from the portal: list, upload (one file per request, streamed) and download. The session
 * must reach the job and the job's profile must offer messages (else 404 / 403); a shared view may not upload.
 */
export function portalDocumentRoutes(documents: Documents, auth: MiddlewareHandler<AppEnv>) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets/{id}/documents',
        tags,
        security,
        middleware: [auth, requireScope(DOCUMENTS_SCOPE)] as const,
        summary: 'The ticket’s documents, oldest first (scope: comments, profile module: messages)',
        request: { params: IdParams },
        responses: {
          200: jsonResponse(DocumentList, 'Documents'),
          403: errorResponse('SCOPE_REQUIRED'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await ensureJobSection(c, id, 'messages');
        const items = await c.var.tx((tx) => listDocuments(tx, id));
        return c.json({ items, maxFileBytes: documents.limits.maxFileBytes }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tickets/{id}/documents',
        tags,
        security,
        middleware: [auth, requireScope(DOCUMENTS_SCOPE)] as const,
        summary: 'Upload one document, streamed; its type is decided from its bytes (scope: comments)',
        request: { params: IdParams, body: uploadBody },
        responses: {
          201: jsonResponse(TicketDocument, 'Stored'),
          403: errorResponse('SCOPE_REQUIRED, or SHARE_NOT_ALLOWED from a shared view'),
          ...commonErrors,
          ...uploadErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await ensureJobSection(c, id, 'messages');
        if (c.var.session.via === 'share') {
          throw new ApiError(403, 'SHARE_NOT_ALLOWED', 'A shared view cannot add documents');
        }
        const check = () => checkUploadRequest(c, documents);
        return c.json(await documents.upload(c.var.tenantId, id, uploadStream(c), 'customer', check), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets/{id}/documents/{docId}',
        tags,
        security,
        middleware: [auth, requireScope(DOCUMENTS_SCOPE)] as const,
        summary: 'Download a document (attachment; scope: comments)',
        request: { params: DocumentParams },
        responses: { 200: binaryDocument, 403: errorResponse('SCOPE_REQUIRED'), ...commonErrors },
      }),
      async (c) => {
        const { id, docId } = c.req.valid('param');
        await ensureJobSection(c, id, 'messages');
        return documentResponse(c, documents, id, docId) as never;
      },
    );
}
