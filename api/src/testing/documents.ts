import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Harness, TestTenant } from './harness';

/** A multipart/form-data body with one file part, as a browser's FormData sends it. */
export function multipart(filename: string, bytes: Uint8Array, field = 'file') {
  const boundary = `----porchlight${Math.random().toString(36).slice(2)}`;
  // Control characters cannot travel raw in a header; a hostile client sends them percent-encoded (RFC 5987).
  // eslint-disable-next-line no-control-regex
  const name = /[\u0000-\u001f\u007f]/.test(filename)
    ? `filename*=utf-8''${encodeURIComponent(filename)}`
    : `filename="${filename.replace(/"/g, '%22')}"`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; ${name}\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Bytes that file-type reads as each kind, padded with random-ish bytes to `size`. */
export function sample(kind: 'png' | 'pdf' | 'elf' | 'exe' | 'text' | 'binary', size = 2048): Buffer {
  const heads: Record<typeof kind, Buffer> = {
    png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    pdf: Buffer.from('%PDF-1.7\n%âãÏÓ\n'),
    elf: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0]),
    exe: Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'),
    text: Buffer.from('Grüße from the printer room — ü ö ä\n'),
    binary: Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0xc3, 0x28]),
  };
  const head = heads[kind];
  const out = Buffer.alloc(Math.max(size, head.length));
  head.copy(out);
  for (let i = head.length; i < out.length; i++) {
    out[i] = kind === 'text' ? 0x61 + (i % 26) : (i * 2654435761) >>> 24;
  }
  // A PNG's IHDR is followed by one IDAT chunk holding the rest (file-type walks the chunks).
  if (kind === 'png' && out.length >= 45) {
    out.writeUInt32BE(out.length - 45, 33);
    out.write('IDAT', 37, 'latin1');
  }
  return out;
}

/** Uploads through the app in-process; `as` a portal session, or with the tenant's API key. */
export async function upload(
  h: Harness,
  ticketId: string,
  file: { name: string; bytes: Uint8Array },
  as: { session: string; tenant: TestTenant } | { apiKey: string },
) {
  const { body, contentType } = multipart(file.name, file.bytes);
  const portal = 'session' in as;
  const headers: Record<string, string> = {
    'content-type': contentType,
    authorization: `Bearer ${portal ? as.session : as.apiKey}`,
  };
  if (portal) headers.origin = as.tenant.origin;
  const url = `/v1/${portal ? 'portal' : 'admin'}/tickets/${ticketId}/documents`;
  const env = { incoming: { socket: { remoteAddress: '192.0.2.1' } } };
  const response = await h.app.request(url, { method: 'POST', headers, body }, env);
  return { status: response.status, body: (await response.json()) as any };
}

/** A ticket whose profile offers messages (so documents), and a portal session for it. */
export async function ticketWithDocuments(h: Harness, tenant: TestTenant) {
  const profile = await h.call('POST', '/v1/admin/profiles', {
    auth: tenant.apiKey,
    body: { name: `documents-${Math.random()}`, modules: ['status', 'messages'] },
  });
  if (profile.status !== 201) throw new Error(`profile: ${profile.status} ${JSON.stringify(profile.body)}`);
  const ticket = await h.createTicket(tenant, { profileId: profile.body.id });
  return { ticket, session: await h.sessionFor(tenant, ticket.id), profileId: profile.body.id as string };
}

/** What the document tables hold (a refusal must leave both unchanged). */
export async function storedCounts(h: Harness) {
  const [row] = await h.db.sql<{ docs: number; chunks: number }[]>`
    select (select count(*)::int from ticket_documents) as docs, (select count(*)::int from document_blob_chunks) as chunks`;
  return row!;
}

/** A real s3rver process on a free port with one bucket, in a temporary folder. */
export async function startS3rver(bucket = 'porchlight-docs') {
  const directory = await mkdtemp(path.join(tmpdir(), 's3rver-'));
  const bin = path.resolve(import.meta.dirname, '../../../node_modules/s3rver/bin/s3rver.js');
  const child = spawn(
    process.execPath,
    [bin, '-d', directory, '-a', '127.0.0.1', '-p', '0', '-s', '--configure-bucket', bucket],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = line.match(/listening on [\d.]+:(\d+)/);
      if (match) resolve(Number(match[1]));
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    directory,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
