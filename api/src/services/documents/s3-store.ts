import { createHash, randomUUID } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { notFound } from '../../lib/outcomes';
import type { BlobStore, StoredBlob } from './blob-store';

/** S3's smallest part but the last: a file up to this size is one PutObject, a larger one a multipart upload. */
export const S3_PART_BYTES = 5 * 1024 * 1024;

export interface S3StoreOptions {
  bucket: string;
  /** Prepended to every key (e.g. `porchlight/`); keys are `<prefix><tenant id>/<random uuid>`. */
  prefix?: string;
  /** An S3-compatible endpoint (MinIO, s3rver …); path-style addressing is used with it. */
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * An S3-compatible bucket. Files stream through in parts of S3_PART_BYTES (the most one upload holds in memory);
 * a refused or broken upload aborts its multipart upload, so no object and no parts stay behind.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor({ bucket, prefix = '', endpoint, region = 'us-east-1', credentials }: S3StoreOptions) {
    this.#client = new S3Client({ region, endpoint, forcePathStyle: endpoint !== undefined, credentials });
    this.#bucket = bucket;
    this.#prefix = prefix;
  }

  async put(tenantId: string, source: AsyncIterable<Uint8Array>): Promise<StoredBlob> {
    const key = `${this.#prefix}${tenantId}/${randomUUID()}`;
    const hash = createHash('sha256');
    let size = 0;
    let part: Uint8Array[] = [];
    let partBytes = 0;
    let uploadId: string | undefined;
    const parts: { PartNumber: number; ETag: string }[] = [];
    const sendPart = async () => {
      const body = Buffer.concat(part, partBytes);
      part = [];
      partBytes = 0;
      uploadId ??= (await this.#client.send(new CreateMultipartUploadCommand({ Bucket: this.#bucket, Key: key })))
        .UploadId!;
      const PartNumber = parts.length + 1;
      const { ETag } = await this.#client.send(
        new UploadPartCommand({ Bucket: this.#bucket, Key: key, UploadId: uploadId, PartNumber, Body: body }),
      );
      parts.push({ PartNumber, ETag: ETag! });
    };
    try {
      for await (const bytes of source) {
        hash.update(bytes);
        size += bytes.byteLength;
        part.push(bytes);
        partBytes += bytes.byteLength;
        if (partBytes >= S3_PART_BYTES) await sendPart();
      }
      if (uploadId === undefined) {
        const body = Buffer.concat(part, partBytes);
        await this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: body }));
      } else {
        if (partBytes > 0) await sendPart();
        await this.#client.send(
          new CompleteMultipartUploadCommand({
            Bucket: this.#bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts },
          }),
        );
      }
    } catch (error) {
      if (uploadId !== undefined) {
        await this.#client
          .send(new AbortMultipartUploadCommand({ Bucket: this.#bucket, Key: key, UploadId: uploadId }))
          .catch(() => {});
      }
      throw error;
    }
    return { key, size, sha256: hash.digest() };
  }

  async get(tenantId: string, key: string): Promise<ReadableStream<Uint8Array>> {
    this.#own(tenantId, key);
    const { Body } = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
    if (!Body) throw notFound('Document');
    return Body.transformToWebStream() as ReadableStream<Uint8Array>;
  }

  async delete(tenantId: string, key: string): Promise<void> {
    this.#own(tenantId, key);
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }

  /** A key is only ever used with its own tenant (a backstop: keys come from the tenant's own rows). */
  #own(tenantId: string, key: string) {
    if (!key.startsWith(`${this.#prefix}${tenantId}/`)) throw notFound('Document');
  }

  destroy(): void {
    this.#client.destroy();
  }
}
