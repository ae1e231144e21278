import { fileTypeFromBuffer } from 'file-type';
import { DomainError } from './outcomes';

/** The seed's limits: "at most 20 kilobytes" (20 × 1024 bytes) and "25 pixels", read as the height of the logo. */
export const LOGO_MAX_BYTES = 20_480;
export const LOGO_MAX_HEIGHT = 25;

export interface CleanLogo {
  contentType: 'image/png' | 'image/jpeg';
  ext: 'png' | 'jpg';
  width: number;
  height: number;
  /** The image without its metadata. */
  bytes: Buffer;
}

const unsupported = () =>
  new DomainError('image-unsupported', 'A logo must be a PNG or JPEG image (decided by its content, not its name)');
const invalid = (why: string) => new DomainError('image-invalid', `The image is damaged: ${why}`);

/**
 * Checks an uploaded logo by its bytes — PNG or JPEG only (file-type; SVG, GIF, WebP … are refused whatever their
 * name), dimensions from the header (PNG IHDR, JPEG SOFn), at most 25 px high — and strips its metadata, since
 * there is no image library here to re-encode it: PNG keeps only the chunks that draw the image, JPEG drops every
 * APPn segment but APP0 JFIF, and comments.
 */
export async function cleanLogo(bytes: Buffer): Promise<CleanLogo> {
  const type = await fileTypeFromBuffer(bytes);
  const clean =
    type?.mime === 'image/png' ? { ...stripPng(bytes), contentType: 'image/png' as const, ext: 'png' as const } : null;
  const logo =
    clean ??
    (type?.mime === 'image/jpeg'
      ? { ...stripJpeg(bytes), contentType: 'image/jpeg' as const, ext: 'jpg' as const }
      : null);
  if (!logo) throw unsupported();
  if (logo.width < 1 || logo.height < 1) throw invalid('no width or height');
  if (logo.height > LOGO_MAX_HEIGHT) {
    throw new DomainError(
      'logo-too-tall',
      `A logo may be at most ${LOGO_MAX_HEIGHT} px high (this one is ${logo.height})`,
    );
  }
  return logo;
}

/** What draws a PNG; everything else (tEXt, iTXt, zTXt, eXIf, tIME, iCCP, private chunks …) is dropped. */
const PNG_KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'sBIT', 'bKGD', 'pHYs']);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function stripPng(bytes: Buffer) {
  const kept: Buffer[] = [PNG_SIGNATURE];
  let offset = 8;
  let size: { width: number; height: number } | null = null;
  for (;;) {
    if (offset + 12 > bytes.length) throw invalid('a PNG chunk runs past the end');
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > bytes.length || !/^[A-Za-z]{4}$/.test(type)) throw invalid('a PNG chunk is malformed');
    if (size === null) {
      if (type !== 'IHDR' || length !== 13) throw invalid('a PNG starts with its IHDR chunk');
      size = { width: bytes.readUInt32BE(offset + 8), height: bytes.readUInt32BE(offset + 12) };
    }
    // An unknown critical chunk (upper-case first letter) cannot be dropped without breaking the image.
    const critical = type[0] === type[0]!.toUpperCase();
    if (PNG_KEEP.has(type)) kept.push(bytes.subarray(offset, end));
    else if (critical) throw invalid(`unknown critical PNG chunk ${type}`);
    offset = end;
    if (type === 'IEND') break;
  }
  return { ...size, bytes: Buffer.concat(kept) };
}

/** SOF0–SOF15 without DHT (C4), JPG (C8) and DAC (CC): the frame header that holds the dimensions. */
const isSof = (marker: number) => marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);

function stripJpeg(bytes: Buffer) {
  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let offset = 2;
  let size: { width: number; height: number } | null = null;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) throw invalid('a JPEG marker was expected');
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      kept.push(bytes.subarray(offset, offset + 2)); // EOI: whatever trails it is dropped too
      if (!size) throw invalid('the JPEG has no frame header');
      return { ...size, bytes: Buffer.concat(kept) };
    }
    if (offset + 4 > bytes.length) throw invalid('a JPEG segment runs past the end');
    const end = offset + 2 + bytes.readUInt16BE(offset + 2);
    if (end > bytes.length || end < offset + 4) throw invalid('a JPEG segment is malformed');
    const segment = bytes.subarray(offset, end);
    if (isSof(marker)) {
      if (segment.length < 9) throw invalid('the JPEG frame header is short');
      size = { height: segment.readUInt16BE(5), width: segment.readUInt16BE(7) };
    }
    const app = marker >= 0xe0 && marker <= 0xef;
    const jfif = marker === 0xe0 && segment.toString('latin1', 4, 9) === 'JFIF\0';
    if ((!app || jfif) && marker !== 0xfe) kept.push(segment);
    offset = end;
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
      let scan = offset;
      while (scan + 1 < bytes.length) {
        const next = bytes[scan + 1]!;
        if (bytes[scan] === 0xff && next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) break;
        scan++;
      }
      kept.push(bytes.subarray(offset, scan));
      offset = scan;
    }
  }
  throw invalid('the JPEG has no end marker');
}
