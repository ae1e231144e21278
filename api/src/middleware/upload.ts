import busboy from 'busboy';
import type { Context } from 'hono';
import { ApiError } from '../lib/errors';

/** Room for a multipart envelope (boundaries, part headers) around the file itself. */
const MULTIPART_OVERHEAD = 4096;
const RAW_TYPES = /^(image\/png|image\/jpeg|application\/octet-stream)\s*(;|$)/i;

const tooLarge = (max: number) => new ApiError(413, 'PAYLOAD_TOO_LARGE', `The file is larger than ${max} bytes`);

/**
 * One uploaded file of at most `max` bytes: the raw body (image/png, image/jpeg or application/octet-stream) or the
 * one file part of a multipart/form-data body. Read as it streams and cut off past the limit with 413 (whatever
 * Content-Length claims); any other declared type is 415 before a byte is read. The type is only the envelope's:
 * what the bytes are is decided from their content afterwards.
 */
export async function readUpload(c: Context, max: number): Promise<Buffer> {
  const type = c.req.header('content-type') ?? '';
  const multipart = /^multipart\/form-data\s*;/i.test(type);
  if (!multipart && !RAW_TYPES.test(type)) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the image as image/png, image/jpeg or multipart/form-data');
  }
  const cap = multipart ? max + MULTIPART_OVERHEAD : max;
  if (Number(c.req.header('content-length') ?? 0) > cap) throw tooLarge(max);
  const chunks = readCapped(c.req.raw.body, cap, () => tooLarge(max));
  if (!multipart) {
    const parts: Uint8Array[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    return Buffer.concat(parts);
  }
  return fileFromMultipart(chunks, type, max);
}

async function* readCapped(body: ReadableStream<Uint8Array> | null, cap: number, error: () => Error) {
  if (!body) return;
  const reader = body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    size += value.byteLength;
    if (size > cap) {
      void reader.cancel().catch(() => {});
      throw error();
    }
    yield value;
  }
}

function fileFromMultipart(chunks: AsyncGenerator<Uint8Array>, type: string, max: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const parser = busboy({
      headers: { 'content-type': type },
      limits: { files: 1, fileSize: max, fields: 4, parts: 5 },
    });
    let file: Buffer | null = null;
    let failed = false;
    const fail = (error: Error) => {
      failed = true;
      reject(error);
    };
    parser.on('file', (_name, stream) => {
      const parts: Buffer[] = [];
      stream.on('data', (part: Buffer) => parts.push(part));
      stream.on('limit', () => fail(tooLarge(max)));
      stream.on('close', () => {
        if (!failed) file = Buffer.concat(parts);
      });
    });
    parser.on('error', () => fail(new ApiError(400, 'VALIDATION_FAILED', 'The multipart body is malformed')));
    parser.on('close', () => {
      if (failed) return;
      if (file) resolve(file);
      else reject(new ApiError(400, 'VALIDATION_FAILED', 'The multipart body has no file part'));
    });
    void (async () => {
      try {
        for await (const chunk of chunks) if (!failed) parser.write(chunk);
        parser.end();
      } catch (error) {
        fail(error as Error);
      }
    })();
  });
}
