import { z } from '@hono/zod-openapi';
import { IdParams } from './common';
import type { TicketDocument as TicketDocumentType, TicketDocuments } from './contract/documents';

export const TicketDocument = z
  .object({
    id: z.uuid(),
    name: z.string().describe('Sanitised file name; its extension fits the detected type'),
    contentType: z.string().describe('Decided from the bytes (magic numbers), never from the name'),
    size: z.number().int().describe('Bytes'),
    uploadedBy: z.enum(['customer', 'company']),
    createdAt: z.string(),
  })
  .openapi('TicketDocument') satisfies z.ZodType<TicketDocumentType>;

export const DocumentList = z
  .object({
    items: z.array(TicketDocument),
    maxFileBytes: z.number().int().describe('The largest file an upload may carry (bytes)'),
  })
  .openapi('TicketDocumentList') satisfies z.ZodType<TicketDocuments>;

export const DocumentParams = IdParams.extend({
  docId: z.uuid().openapi({ param: { name: 'docId', in: 'path' }, example: '3c1c3a52-7a51-4d43-9c4e-5a0d54b1f0aa' }),
});

/**
 * The upload's body, for the OpenAPI document only: a plain schema object rather than zod, so no validator buffers
 * the multipart body — the route streams it itself.
 */
export const uploadBody = {
  required: true,
  description:
    'multipart/form-data with one file in the field `file`. Allowed by content: PNG, JPEG, WebP, GIF, PDF, UTF-8 text, ' +
    'DOCX, XLSX, PPTX, ODT, ODS, ODP.',
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object' as const,
        required: ['file'],
        properties: { file: { type: 'string' as const, format: 'binary' } },
      },
    },
  },
};

export const binaryDocument = {
  description: 'The file (Content-Disposition: attachment; its detected type; nosniff)',
  content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
};
