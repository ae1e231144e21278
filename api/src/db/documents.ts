import { DomainError, notFound } from '../lib/outcomes';
import type { Tx } from './client';
import { iso } from './tickets';

export type DocumentStoreKind = 'postgres' | 's3';

/** A document as the APIs show it (never its blob key). */
export interface DocumentView {
  id: string;
  name: string;
  contentType: string;
  size: number;
  uploadedBy: 'customer' | 'company';
  createdAt: string;
}

/** A document with where its bytes are, for a download. */
export interface StoredDocument extends DocumentView {
  store: DocumentStoreKind;
  blobKey: string;
  sha256: string;
}

interface Row {
  id: string;
  name: string;
  contentType: string;
  size: string | number;
  uploadedBy: 'customer' | 'company';
  createdAt: Date;
  store: DocumentStoreKind;
  blobKey: string;
  sha256: Uint8Array;
}

const view = (row: Row): DocumentView => ({
  id: row.id,
  name: row.name,
  contentType: row.contentType,
  size: Number(row.size),
  uploadedBy: row.uploadedBy,
  createdAt: iso(row.createdAt)!,
});

/** The ticket's documents, oldest first (as a thread reads); 404 when the ticket is not the tenant's. */
export async function listDocuments(tx: Tx, ticketId: string): Promise<DocumentView[]> {
  const [ticket] = await tx`select 1 from tickets where id = ${ticketId}`;
  if (!ticket) throw notFound('Ticket');
  const rows = await tx<Row[]>`
    select id, name, content_type as "contentType", size, uploaded_by as "uploadedBy", created_at as "createdAt"
    from ticket_documents where ticket_id = ${ticketId} order by created_at, seq`;
  return rows.map(view);
}

/** One document of the ticket with its blob's place; 404 for another ticket's or tenant's id. */
export async function getDocument(tx: Tx, ticketId: string, documentId: string): Promise<StoredDocument> {
  const [row] = await tx<Row[]>`
    select id, name, content_type as "contentType", size, uploaded_by as "uploadedBy", created_at as "createdAt",
           store, blob_key as "blobKey", sha256
    from ticket_documents where id = ${documentId} and ticket_id = ${ticketId}`;
  if (!row) throw notFound('Document');
  return { ...view(row), store: row.store, blobKey: row.blobKey, sha256: Buffer.from(row.sha256).toString('hex') };
}

/** Bytes the ticket's documents hold (0 for none); 404 when the ticket is not the tenant's. */
export async function ticketDocumentBytes(tx: Tx, ticketId: string): Promise<number> {
  const [row] = await tx<{ bytes: string | null }[]>`
    select (select sum(size) from ticket_documents d where d.ticket_id = t.id) as bytes
    from tickets t where t.id = ${ticketId}`;
  if (!row) throw notFound('Ticket');
  return Number(row.bytes ?? 0);
}

/**
 * Records an uploaded document. The ticket row is locked first, so two uploads finishing at once cannot both fit
 * under `maxTicketBytes` when together they do not: the second sees the first's size.
 */
export async function insertDocument(
  tx: Tx,
  tenantId: string,
  doc: {
    ticketId: string;
    name: string;
    contentType: string;
    size: number;
    sha256: Buffer;
    store: DocumentStoreKind;
    blobKey: string;
    uploadedBy: 'customer' | 'company';
    at: Date;
  },
  maxTicketBytes: number,
): Promise<DocumentView> {
  const [ticket] = await tx`select 1 from tickets where id = ${doc.ticketId} for update`;
  if (!ticket) throw notFound('Ticket');
  const [used] = await tx<{ bytes: string | null }[]>`
    select sum(size) as bytes from ticket_documents where ticket_id = ${doc.ticketId}`;
  if (Number(used?.bytes ?? 0) + doc.size > maxTicketBytes) throw quotaExceeded(maxTicketBytes);
  const [row] = await tx<Row[]>`
    insert into ticket_documents
      (tenant_id, ticket_id, name, content_type, size, sha256, store, blob_key, uploaded_by, created_at)
    values (${tenantId}, ${doc.ticketId}, ${doc.name}, ${doc.contentType}, ${doc.size}, ${doc.sha256}, ${doc.store},
            ${doc.blobKey}, ${doc.uploadedBy}, ${doc.at})
    returning id, name, content_type as "contentType", size, uploaded_by as "uploadedBy", created_at as "createdAt"`;
  return view(row!);
}

export const quotaExceeded = (maxTicketBytes: number) =>
  new DomainError(
    'document-quota-exceeded',
    `The ticket's documents may hold at most ${Math.floor(maxTicketBytes / 1024 / 1024)} MB together`,
  );

// The PostgreSQL blob store's chunks.

/**
 * postgres.js sends every parameter as text, a bytea as hex (twice its size, and a JS string of that size): base64
 * decoded by the server sends 4/3 of it, which makes less garbage per stored byte and is faster.
 */
export async function insertBlobChunk(tx: Tx, tenantId: string, key: string, seq: number, data: Buffer) {
  const base64 = data.toString('base64');
  await tx`insert into document_blob_chunks (tenant_id, blob_key, seq, data)
           values (${tenantId}, ${key}, ${seq}, decode(${base64}, 'base64'))`;
}

/** The chunks of a blob from `from` up to before `to`, in order (fewer than asked for: the blob ends). */
export async function blobChunks(tx: Tx, tenantId: string, key: string, from: number, to: number): Promise<Buffer[]> {
  const rows = await tx<{ data: Buffer }[]>`
    select data from document_blob_chunks
    where tenant_id = ${tenantId} and blob_key = ${key} and seq >= ${from} and seq < ${to} order by seq`;
  return rows.map((row) => row.data);
}

export async function deleteBlobChunks(tx: Tx, tenantId: string, key: string): Promise<void> {
  await tx`delete from document_blob_chunks where tenant_id = ${tenantId} and blob_key = ${key}`;
}
