import { createRoute } from '@hono/zod-openapi';
import { listDocuments } from '../db/documents';
import { commonErrors, IdParams, jsonResponse } from '../schemas/common';
import { binaryDocument, DocumentList, DocumentParams, TicketDocument, uploadBody } from '../schemas/documents';
import type { Documents } from '../services/documents/documents';
import { router } from './deps';
import { checkUploadRequest, documentResponse, uploadErrors, uploadStream } from './portal-documents';

const security = [{ apiKey: [] }];
const tags = ['Admin: documents'];

/** The company's side of a ticket's documents (API key): list, upload (as the company) and download. */
export function adminDocumentRoutes(documents: Documents) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets/{id}/documents',
        tags,
        security,
        summary: 'The ticket’s documents, oldest first',
        request: { params: IdParams },
        responses: { 200: jsonResponse(DocumentList, 'Documents'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
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
        summary: 'Upload one document as the company, streamed; its type is decided from its bytes',
        request: { params: IdParams, body: uploadBody },
        responses: { 201: jsonResponse(TicketDocument, 'Stored'), ...commonErrors, ...uploadErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const check = () => checkUploadRequest(c, documents);
        return c.json(await documents.upload(c.var.tenantId, id, uploadStream(c), 'company', check), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets/{id}/documents/{docId}',
        tags,
        security,
        summary: 'Download a document (attachment)',
        request: { params: DocumentParams },
        responses: { 200: binaryDocument, ...commonErrors },
      }),
      async (c) => {
        const { id, docId } = c.req.valid('param');
        return documentResponse(c, documents, id, docId) as never;
      },
    );
}
