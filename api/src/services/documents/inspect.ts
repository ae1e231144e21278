import { fileTypeFromBuffer } from 'file-type';
import { DomainError } from '../../lib/outcomes';

/** What a document may be, decided from its bytes (never from its name or the browser's claim), and its names. */
export const ALLOWED_TYPES: Record<string, readonly string[]> = {
  'image/png': ['png'],
  'image/apng': ['png', 'apng'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/webp': ['webp'],
  'image/gif': ['gif'],
  'application/pdf': ['pdf'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/vnd.oasis.opendocument.presentation': ['odp'],
  // Text has no magic bytes: it is what is valid UTF-8 without NUL characters and no known binary format.
  'text/plain; charset=utf-8': ['txt', 'csv', 'log', 'md'],
};

/** How much of a file decides its type: office formats need their first zip entries, not only the magic bytes. */
export const HEAD_BYTES = 64 * 1024;

export interface UploadLimits {
  /** Largest file (413 DOCUMENT_TOO_LARGE beyond it, decided while the bytes stream). */
  maxFileBytes: number;
  /** What the ticket may still take (413 DOCUMENT_QUOTA_EXCEEDED beyond it). */
  roomBytes: number;
  maxTicketBytes: number;
}

const MB = 1024 * 1024;
const tooLarge = (max: number) =>
  new DomainError('document-too-large', `A document may be at most ${+(max / MB).toFixed(1)} MB`);
const refused = () =>
  new DomainError(
    'document-type-refused',
    'This kind of file is not accepted: send an image (PNG, JPEG, WebP, GIF), a PDF, plain text or an office document',
  );

/** The allowed type of a file's first bytes, or a 415 DomainError; `complete` says the head is the whole file. */
export async function detectType(head: Uint8Array, complete: boolean): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) {
    if (!ALLOWED_TYPES[detected.mime]) throw refused();
    return detected.mime;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    // A multi-byte character may straddle the end of the head: `stream` keeps it for the rest.
    if (decoder.decode(head, { stream: !complete }).includes('\u0000')) throw refused();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw refused();
  }
  return 'text/plain; charset=utf-8';
}

/**
 * The file's bytes as they stream, checked on the way: nothing leaves before the head has decided the type (so a
 * refused type writes nothing), an empty file is 400, and the size limits are enforced on the bytes counted so
 * far — never after buffering the file. Text is validated as UTF-8 to its last byte. `type` is set once known.
 */
export async function* inspected(
  source: AsyncIterable<Uint8Array>,
  limits: UploadLimits,
  found: { type?: string },
): AsyncGenerator<Uint8Array> {
  const count = (size: number) => {
    if (size > limits.maxFileBytes) throw tooLarge(limits.maxFileBytes);
    if (size > limits.roomBytes) {
      throw new DomainError(
        'document-quota-exceeded',
        `The ticket's documents may hold at most ${+(limits.maxTicketBytes / MB).toFixed(1)} MB together`,
      );
    }
  };
  const iterator = source[Symbol.asyncIterator]();
  try {
    yield* checkedBytes(iterator, found, count);
  } finally {
    // Stops the source (the request's file part) on a refusal, so the rest of the body is not read.
    await iterator.return?.();
  }
}

async function* checkedBytes(
  iterator: AsyncIterator<Uint8Array>,
  found: { type?: string },
  count: (size: number) => void,
): AsyncGenerator<Uint8Array> {
  const head: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  while (size < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    size += next.value.byteLength;
    count(size);
    head.push(next.value);
  }
  if (size === 0) throw new DomainError('document-empty', 'The file is empty');
  const first = Buffer.concat(head);
  found.type = await detectType(first, ended);
  const text = found.type.startsWith('text/') ? new TextDecoder('utf-8', { fatal: true }) : null;
  const checkText = (bytes: Uint8Array, last: boolean) => {
    if (!text) return;
    try {
      if (text.decode(bytes, { stream: !last }).includes('\u0000')) throw refused();
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw refused();
    }
  };
  checkText(first, ended);
  yield first;
  while (!ended) {
    const next = await iterator.next();
    if (next.done) {
      checkText(new Uint8Array(0), true);
      break;
    }
    size += next.value.byteLength;
    count(size);
    checkText(next.value, false);
    yield next.value;
  }
}

/** Longest name kept, in characters (the extension is kept when a name is cut). */
export const NAME_MAX = 120;
// Control characters (C0, DEL, C1), bidirectional overrides and isolates, zero-width characters, BOM, lone surrogates.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/**
 * A file name safe to store and to hand back in Content-Disposition: only the last path segment (no `../`), no
 * control, bidi-override or zero-width characters (`invoice\u202Efdp.exe`), no characters Windows refuses, no
 * leading dots, at most NAME_MAX characters, and an extension that fits the detected type (`photo.html` holding a
 * PNG becomes `photo.html.png`), so the saved file opens as what it is.
 */
export function safeFileName(raw: string, type: string): string {
  const extensions = ALLOWED_TYPES[type] ?? [];
  let name = raw.normalize('NFC').replace(INVISIBLE, '');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  let base = dot > 0 ? name.slice(0, dot) : name;
  let suffix = ext && extensions.includes(ext) ? name.slice(dot) : '';
  if (!suffix) {
    base = name;
    suffix = extensions[0] ? `.${extensions[0]}` : '';
  }
  if (!base) base = 'document';
  const room = NAME_MAX - [...suffix].length;
  const chars = [...base];
  if (chars.length > room) base = chars.slice(0, room).join('').trimEnd();
  return base + suffix;
}

/** `Content-Disposition: attachment` with an ASCII fallback and the exact name as RFC 5987 `filename*`. */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
