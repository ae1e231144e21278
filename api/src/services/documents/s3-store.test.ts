import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { sample, startS3rver, ticketWithDocuments, upload } from '../../testing/documents';
import { startHarness, type Harness } from '../../testing/harness';
import { S3_PART_BYTES, S3BlobStore } from './s3-store';

let s3: Awaited<ReturnType<typeof startS3rver>>;
let store: S3BlobStore;
let h: Harness;
before(async () => {
  s3 = await startS3rver();
  store = new S3BlobStore({ bucket: s3.bucket, endpoint: s3.endpoint, credentials: s3.credentials, prefix: 'docs/' });
  h = await startHarness({ app: { documents: { store } } });
});
after(async () => {
  await h.close();
  store.destroy();
  await s3.stop();
});

const TENANT = '5d7f2b4e-3f43-4b7e-9d6a-2b0f3f1f8a11';
async function* pieces(bytes: Buffer, size = 64 * 1024, failAt?: number) {
  for (let at = 0; at < bytes.length; at += size) {
    if (failAt !== undefined && at >= failAt) throw new Error('refused mid-stream');
    yield bytes.subarray(at, at + size);
  }
}
const readAll = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());
const objects = async () => {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: s3.credentials,
  });
  try {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    return (listed.Contents ?? []).map((object) => object.Key!);
  } finally {
    client.destroy();
  }
};
/** Every file s3rver keeps on disk (objects and pending multipart parts). */
const files = async (): Promise<string[]> =>
  (await readdir(s3.directory, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));

describe('S3 blob store against s3rver', () => {
  it('round-trips a small file (one PUT) and a multipart one byte-identical, then deletes them', async () => {
    for (const size of [3000, S3_PART_BYTES * 2 + 12345]) {
      const bytes = sample('png', size);
      const blob = await store.put(TENANT, pieces(bytes));
      assert.equal(blob.size, size);
      assert.equal(blob.sha256.toString('hex'), createHash('sha256').update(bytes).digest('hex'));
      assert.ok(blob.key.startsWith(`docs/${TENANT}/`));
      assert.ok((await objects()).includes(blob.key));
      assert.ok((await readAll(await store.get(TENANT, blob.key))).equals(bytes), `${size} bytes`);
      await store.delete(TENANT, blob.key);
      assert.ok(!(await objects()).includes(blob.key));
    }
  });

  it('leaves no object when the source fails mid-stream, after parts were sent', async () => {
    const bytes = sample('png', S3_PART_BYTES * 2 + 1000);
    await assert.rejects(store.put(TENANT, pieces(bytes, 64 * 1024, S3_PART_BYTES + 100_000)), /refused mid-stream/);
    assert.deepEqual(await objects(), []);
    // The first part had reached the server (s3rver keeps it on disk: it does not implement
    // AbortMultipartUpload, which S3 and MinIO use to drop the parts the store's abort names).
    assert.ok((await files()).some((file) => file.includes('_S3rver_uploads')));
  });

  it('refuses another tenant’s key', async () => {
    const blob = await store.put(TENANT, pieces(sample('png', 100)));
    await assert.rejects(store.get('0c6f1a52-0000-4000-8000-000000000000', blob.key), { kind: 'not-found' });
    await store.delete(TENANT, blob.key);
  });

  it('serves uploads and downloads through the API with the bytes in the bucket', async () => {
    const { ticket, session } = await ticketWithDocuments(h, h.a);
    const bytes = sample('pdf', 300_000);
    const res = await upload(h, ticket.id, { name: 'report.pdf', bytes }, { session, tenant: h.a });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const [row] = await h.db.sql`select store, blob_key from ticket_documents where id = ${res.body.id}`;
    assert.equal(row!.store, 's3');
    assert.ok((await objects()).includes(row!.blob_key));
    assert.equal((await h.db.sql`select count(*)::int as n from document_blob_chunks`)[0]!.n, 0);
    const response = await h.app.request(`/v1/portal/tickets/${ticket.id}/documents/${res.body.id}`, {
      headers: { authorization: `Bearer ${session}`, origin: h.a.origin },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(bytes));
    const refused = await upload(h, ticket.id, { name: 'x.pdf', bytes: sample('elf', 9000) }, { session, tenant: h.a });
    assert.equal(refused.status, 415);
    assert.equal((await objects()).length, 1, 'the refused upload left nothing in the bucket');
  });
});
