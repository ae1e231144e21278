import { getDocument, insertDocument, quotaExceeded, ticketDocumentBytes } from '../../db/documents';
import type { DocumentView, StoredDocument } from '../../db/documents';
import type { TenantDb } from '../../db/tenant-db';
import type { Clock } from '../../lib/clock';
import { notFound } from '../../lib/outcomes';
import { PostgresBlobStore, type BlobStore } from './blob-store';
import { inspected, safeFileName } from './inspect';
import { receiveFile, type UploadBody } from './multipart';

export interface DocumentLimits {
  /** Largest single file (413 DOCUMENT_TOO_LARGE). */
  maxFileBytes: number;
  /** Most all of a ticket's documents may hold together (413 DOCUMENT_QUOTA_EXCEEDED). */
  maxTicketBytes: number;
}

export const DOCUMENT_LIMITS: DocumentLimits = { maxFileBytes: 10 * 1024 * 1024, maxTicketBytes: 50 * 1024 * 1024 };

/** Uploads and downloads of a ticket's documents: the checks, the blob store and the metadata row. */
export class Documents {
  readonly limits: DocumentLimits;
  /** Where new uploads go (configured); documents stored in PostgreSQL stay readable after a switch to S3. */
  readonly store: BlobStore;
  readonly #postgres: PostgresBlobStore;

  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    store?: BlobStore,
    limits: Partial<DocumentLimits> = {},
  ) {
    this.#postgres = new PostgresBlobStore(db);
    this.store = store ?? this.#postgres;
    this.limits = { ...DOCUMENT_LIMITS, ...limits };
  }

  /**
   * Streams the request's file into the blob store, checking it on the way (type from its first bytes, sizes as
   * they count up, text to its last byte), then records it. Any refusal removes what was written.
   */
  async upload(
    tenantId: string,
    ticketId: string,
    body: UploadBody,
    uploadedBy: 'customer' | 'company',
    /** The route's checks of the request itself, made once the ticket is known to exist and before any byte is read. */
    checkRequest: () => void = () => {},
  ): Promise<DocumentView> {
    const { maxFileBytes, maxTicketBytes } = this.limits;
    const used = await this.db.withTenant(tenantId, (tx) => ticketDocumentBytes(tx, ticketId));
    checkRequest();
    if (used >= maxTicketBytes) throw quotaExceeded(maxTicketBytes);
    return receiveFile(body, async (file, filename) => {
      const found: { type?: string } = {};
      const limits = { maxFileBytes, maxTicketBytes, roomBytes: maxTicketBytes - used };
      const blob = await this.store.put(tenantId, inspected(file, limits, found));
      const type = found.type!;
      try {
        return await this.db.withTenant(tenantId, (tx) =>
          insertDocument(
            tx,
            tenantId,
            {
              ticketId,
              name: safeFileName(filename, type),
              contentType: type,
              size: blob.size,
              sha256: blob.sha256,
              store: this.store.kind,
              blobKey: blob.key,
              uploadedBy,
              at: this.clock.now(),
            },
            maxTicketBytes,
          ),
        );
      } catch (error) {
        await this.store.delete(tenantId, blob.key).catch(() => {});
        throw error;
      }
    });
  }

  /** A document of the ticket and its bytes as a stream (404 for another ticket's or tenant's id). */
  async open(
    tenantId: string,
    ticketId: string,
    documentId: string,
  ): Promise<{ doc: StoredDocument; body: ReadableStream<Uint8Array> }> {
    const doc = await this.db.withTenant(tenantId, (tx) => getDocument(tx, ticketId, documentId));
    const store = doc.store === this.store.kind ? this.store : doc.store === 'postgres' ? this.#postgres : null;
    if (!store) throw notFound('Document');
    return { doc, body: await store.get(tenantId, doc.blobKey) };
  }
}
