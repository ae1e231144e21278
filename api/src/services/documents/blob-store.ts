import { createHash, randomUUID } from 'node:crypto';
import { blobChunks, deleteBlobChunks, insertBlobChunk, type DocumentStoreKind } from '../../db/documents';
import type { TenantDb } from '../../db/tenant-db';

export interface StoredBlob {
  key: string;
  size: number;
  sha256: Buffer;
}

/**
 * Where documents' bytes live. `put` writes the bytes as they arrive (never the whole file in memory) and, when the
 * source throws (a refused upload, a dropped connection), removes what it wrote and throws that error.
 */
export interface BlobStore {
  readonly kind: DocumentStoreKind;
  put(tenantId: string, source: AsyncIterable<Uint8Array>): Promise<StoredBlob>;
  get(tenantId: string, key: string): Promise<ReadableStream<Uint8Array>>;
  delete(tenantId: string, key: string): Promise<void>;
}

/**
 * Bytes per stored row. Each row travels as a text parameter (base64, see `insertBlobChunk`): at 32 KiB that string
 * stays in V8's young generation, which is collected within moments; rows of 512 KiB made megabyte strings that
 * waited for a full collection, and a 5 MB upload grew the process by 25 MB instead of a few.
 */
export const POSTGRES_CHUNK_BYTES = 32 * 1024;
/** Rows written per transaction (and read per query): 512 KiB, so a file costs few round trips. */
export const POSTGRES_CHUNKS_PER_TRANSACTION = 16;

/**
 * The default store: a blob is its chunks in `document_blob_chunks`, under row-level security like every tenant
 * table. Each batch of chunks is one short transaction, so a slow upload or download holds no pool connection
 * between batches.
 */
export class PostgresBlobStore implements BlobStore {
  readonly kind = 'postgres';

  constructor(
    private readonly db: TenantDb,
    private readonly chunkBytes = POSTGRES_CHUNK_BYTES,
    private readonly perTransaction = POSTGRES_CHUNKS_PER_TRANSACTION,
  ) {}

  async put(tenantId: string, source: AsyncIterable<Uint8Array>): Promise<StoredBlob> {
    const key = randomUUID();
    const hash = createHash('sha256');
    // One batch buffer for the whole upload, refilled after each write: the bytes are copied once, not per batch.
    const batch = Buffer.allocUnsafe(this.chunkBytes * this.perTransaction);
    let filled = 0;
    let size = 0;
    let seq = 0;
    const flush = async () => {
      const first = seq;
      seq += Math.ceil(filled / this.chunkBytes);
      await this.db.withTenant(tenantId, async (tx) => {
        for (let at = 0; at < filled; at += this.chunkBytes) {
          const chunk = batch.subarray(at, Math.min(at + this.chunkBytes, filled));
          await insertBlobChunk(tx, tenantId, key, first + at / this.chunkBytes, chunk);
        }
      });
      filled = 0;
    };
    try {
      for await (const bytes of source) {
        hash.update(bytes);
        size += bytes.byteLength;
        for (let at = 0; at < bytes.byteLength;) {
          const taken = Math.min(bytes.byteLength - at, batch.length - filled);
          batch.set(bytes.subarray(at, at + taken), filled);
          filled += taken;
          at += taken;
          if (filled === batch.length) await flush();
        }
      }
      if (filled > 0) await flush();
    } catch (error) {
      if (seq > 0) await this.delete(tenantId, key).catch(() => {});
      throw error;
    }
    return { key, size, sha256: hash.digest() };
  }

  async get(tenantId: string, key: string): Promise<ReadableStream<Uint8Array>> {
    let seq = 0;
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          const from = seq;
          seq += this.perTransaction;
          const chunks = await this.db.withTenant(tenantId, (tx) => blobChunks(tx, tenantId, key, from, seq));
          if (chunks.length) controller.enqueue(Buffer.concat(chunks));
          if (chunks.length < this.perTransaction) controller.close();
        },
      },
      // One batch read ahead at most: a slow client reads the database no faster than it downloads.
      { highWaterMark: 1 },
    );
  }

  async delete(tenantId: string, key: string): Promise<void> {
    await this.db.withTenant(tenantId, (tx) => deleteBlobChunks(tx, tenantId, key));
  }
}
