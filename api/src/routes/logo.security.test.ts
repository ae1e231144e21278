import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import { withTenant } from '../db/client';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
let profileId: string;
before(async () => {
  h = await startHarness();
  profileId = (await h.call('GET', '/v1/admin/profiles', { auth: h.a.apiKey })).body.items[0].id;
});
after(() => h.close());

function chunk(type: string, data: Buffer) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A real RGBA PNG of this size (a red bar), with extra chunks before IDAT. */
function png(width: number, height: number, extra: Buffer[] = []) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 4, Buffer.from([200, 30, 30, 255]))]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...extra,
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A PNG padded with a private chunk to exactly `size` bytes. */
function pngOfSize(size: number) {
  const base = png(80, 25);
  return png(80, 25, [chunk('prVt', Buffer.alloc(size - base.length - 12, 7))]);
}

const segment = (marker: number, data: Buffer) => {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
};
/** A JPEG's structure: JFIF, Exif with a secret, a comment, a frame header of this size, a scan, EOI. */
function jpeg(width: number, height: number) {
  const sof = Buffer.from([8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xe1, Buffer.from('Exif\0\0GPS 52.52N SECRET', 'latin1')),
    segment(0xfe, Buffer.from('camera owner SECRET', 'latin1')),
    segment(0xdb, Buffer.alloc(65, 1)),
    segment(0xc0, sof),
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]),
    Buffer.from([0xff, 0xd9]),
    Buffer.from('trailing SECRET', 'latin1'),
  ]);
}

const GIF = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([10, 0, 10, 0, 0, 0, 0]), Buffer.from([0x3b])]);
const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
);

/** The harness's `call` sends JSON; an upload sends the bytes as they are. */
async function put(bytes: Buffer, type = 'image/png', options: { auth?: string | null; id?: string } = {}) {
  const auth = options.auth === undefined ? h.a.apiKey : options.auth;
  const response = await h.app.request(
    `/v1/admin/profiles/${options.id ?? profileId}/logo`,
    {
      method: 'PUT',
      headers: { 'content-type': type, ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body: new Uint8Array(bytes),
    },
    { incoming: { socket: { remoteAddress: '192.0.2.9' } } },
  );
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), headers: response.headers };
}

function multipart(filename: string, type: string, bytes: Buffer) {
  const boundary = '----porchlight-test';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

const stored = async () =>
  (await withTenant(h.db.sql, h.a.tenantId, (tx) => tx<{ n: number }[]>`select count(*)::int as n from logos`))[0]!.n;

describe('profile logos: upload rules enforced by the server', () => {
  it('20,480 bytes are accepted; 20,481 → 413 while streaming, with or without Content-Length', async () => {
    const exact = pngOfSize(20_480);
    assert.equal(exact.length, 20_480);
    const ok = await put(exact);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const over = pngOfSize(20_481);
    const before = await stored();
    const tooBig = await put(over);
    assert.deepEqual([tooBig.status, tooBig.body.error.code], [413, 'PAYLOAD_TOO_LARGE']);
    await h.overHttp(async (base) => {
      const url = `${base}/v1/admin/profiles/${profileId}/logo`;
      const headers = { authorization: `Bearer ${h.a.apiKey}`, 'content-type': 'image/png' };
      // Chunked: no length to judge by, so the limit is hit while reading.
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < over.length; i += 4096) controller.enqueue(over.subarray(i, i + 4096));
          controller.close();
        },
      });
      const chunked = await fetch(url, { method: 'PUT', headers, body: stream, duplex: 'half' } as RequestInit);
      assert.equal(chunked.status, 413);
      const declared = await fetch(url, { method: 'PUT', headers, body: over });
      assert.equal(declared.status, 413);
      const fine = await fetch(url, { method: 'PUT', headers, body: exact });
      assert.equal(fine.status, 200, 'positive control over HTTP');
    });
    assert.equal(await stored(), before, 'nothing stored for the refused ones');
  });

  it('SVG, GIF (also renamed .png or sent as image/png) and other content → 415, nothing stored', async () => {
    const before = await stored();
    const cases: [Buffer, string][] = [
      [SVG, 'image/svg+xml'],
      [SVG, 'image/png'],
      [GIF, 'image/png'],
      [GIF, 'image/jpeg'],
      [Buffer.from('hello'), 'application/octet-stream'],
    ];
    for (const [bytes, type] of cases) {
      const res = await put(bytes, type);
      assert.deepEqual([res.status, res.body.error.code], [415, 'UNSUPPORTED_MEDIA_TYPE'], `${type} ${bytes.length}`);
    }
    const renamed = multipart('logo.png', 'image/png', GIF);
    const res = await put(renamed.body, renamed.type);
    assert.deepEqual([res.status, res.body.error.code], [415, 'UNSUPPORTED_MEDIA_TYPE'], 'a GIF named logo.png');
    assert.equal(await stored(), before);
    const real = multipart('logo.png', 'image/png', png(40, 20));
    assert.equal((await put(real.body, real.type)).status, 200, 'positive control: multipart PNG');
  });

  it('25 px high is accepted; 26 px → 422 LOGO_TOO_TALL (PNG and JPEG, dimensions from the header)', async () => {
    assert.equal((await put(png(200, 25))).status, 200);
    const tall = await put(png(20, 26));
    assert.deepEqual([tall.status, tall.body.error.code], [422, 'LOGO_TOO_TALL']);
    assert.equal((await put(jpeg(120, 25), 'image/jpeg')).status, 200);
    const tallJpeg = await put(jpeg(120, 26), 'image/jpeg');
    assert.deepEqual([tallJpeg.status, tallJpeg.body.error.code], [422, 'LOGO_TOO_TALL']);
    const broken = png(20, 20).subarray(0, 40);
    assert.equal((await put(broken)).body.error.code, 'LOGO_INVALID');
  });

  it('metadata is stripped: served from our origin (nosniff, immutable, right type) and read back without it', async () => {
    const text = chunk('tEXt', Buffer.from('Author\0Dana SECRET', 'latin1'));
    const time = chunk('tIME', Buffer.from([7, 234, 12, 6, 10, 0, 0]));
    const exif = chunk('eXIf', Buffer.from('MM\0*SECRET', 'latin1'));
    const itxt = chunk('iTXt', Buffer.from('Comment\0\0\0\0\0SECRET', 'latin1'));
    const trns = chunk('tRNS', Buffer.from([0, 0, 0, 0, 0, 0]));
    const uploaded = png(60, 20, [text, time, exif, itxt, trns]);
    const res = await put(uploaded);
    assert.equal(res.status, 200);
    const url = new URL(res.body.logoUrl);
    assert.match(url.pathname, new RegExp(`^/v1/logos/${h.a.publicId}/[0-9a-f]{64}\\.png$`));
    const served = await h.call('GET', url.pathname);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(served.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const raw = await h.app.request(url.pathname);
    const bytes = Buffer.from(await raw.arrayBuffer());
    const latin = bytes.toString('latin1');
    for (const gone of ['tEXt', 'tIME', 'eXIf', 'iTXt', 'SECRET']) assert.ok(!latin.includes(gone), `${gone} stripped`);
    for (const kept of ['IHDR', 'tRNS', 'IDAT', 'IEND']) assert.ok(latin.includes(kept), `${kept} kept`);
    assert.deepEqual(bytes, png(60, 20, [trns]), 'exactly the image chunks, byte for byte');

    const jpg = await put(jpeg(90, 24), 'image/jpeg');
    const jpgBytes = Buffer.from(await (await h.app.request(new URL(jpg.body.logoUrl).pathname)).arrayBuffer());
    const jpgText = jpgBytes.toString('latin1');
    assert.ok(!jpgText.includes('SECRET') && !jpgText.includes('Exif'), 'APP1, COM and trailing bytes dropped');
    assert.ok(jpgText.includes('JFIF'), 'APP0 JFIF kept');
    assert.deepEqual([...jpgBytes.subarray(-2)], [0xff, 0xd9]);
    assert.ok(jpgBytes.includes(Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56])), 'the scan is intact');
  });

  it('another tenant’s profile → 404; no key → 401; another tenant’s logo path → 404; nothing written', async () => {
    const before = await stored();
    const foreign = await put(png(10, 10), 'image/png', { auth: h.b.apiKey });
    assert.deepEqual([foreign.status, foreign.body.error.code], [404, 'NOT_FOUND']);
    const noKey = await put(png(10, 10), 'image/png', { auth: null });
    assert.equal(noKey.status, 401);
    assert.equal(await stored(), before);
    const mine = await put(png(11, 11));
    const path = new URL(mine.body.logoUrl).pathname;
    assert.equal((await h.call('GET', path)).status, 200);
    assert.equal((await h.call('GET', path.replace(h.a.publicId, h.b.publicId))).status, 404, 'B does not serve A’s');
    assert.equal((await h.call('GET', path.replace(/[0-9a-f]{4}\./, '0000.'))).status, 404);
  });

  it('a logo URL can no longer be set by address (SVG, GIF or any https); old values stay readable; null removes', async () => {
    for (const logoUrl of [
      'https://acme.example/logo.svg',
      'https://acme.example/logo.gif',
      'https://acme.example/a.png',
    ]) {
      const res = await h.call('PATCH', `/v1/admin/profiles/${profileId}`, { auth: h.a.apiKey, body: { logoUrl } });
      assert.equal(res.status, 400, logoUrl);
    }
    await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx`update portal_profiles set logo_url = 'https://acme.example/old.png' where id = ${profileId}`,
    );
    const read = await h.call('GET', `/v1/admin/profiles/${profileId}`, { auth: h.a.apiKey });
    assert.equal(read.body.logoUrl, 'https://acme.example/old.png');
    const cleared = await h.call('PATCH', `/v1/admin/profiles/${profileId}`, {
      auth: h.a.apiKey,
      body: { logoUrl: null },
    });
    assert.equal(cleared.body.logoUrl, null);
  });
});
