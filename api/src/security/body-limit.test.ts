/**
 * Bodies are limited while they stream: a chunked 50 MB upload over a real socket, without credentials, is cut off
 * at MAX_BODY_BYTES with 413, the connection is closed instead of read to the end, and the process's memory barely
 * moves. A wrong content type is refused before a byte is read.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MAX_BODY_BYTES } from '../middleware/body';
import { startHarness, type Harness } from '../testing/harness';

setFlagsFromString('--expose-gc');
const gc = ((globalThis as { gc?: () => void }).gc ?? runInNewContext('gc')) as () => void;

const FIFTY_MB = 50 * 1024 * 1024;
let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

/** POSTs `total` bytes with chunked transfer encoding (no Content-Length), as fast as the socket takes them. */
function chunkedUpload(url: string, total: number, contentType = 'application/json') {
  return new Promise<{ status: number; code: string; connection: string | undefined; sent: number }>(
    (resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'content-type': contentType } });
      let sent = 0;
      let closed = false;
      let answer: { status: number; code: string; connection: string | undefined } | undefined;
      const chunk = Buffer.alloc(64 * 1024, 'a');
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (part: string) => (text += part));
        res.on('end', () => {
          const code = (JSON.parse(text) as { error: { code: string } }).error.code;
          answer = { status: res.statusCode!, code, connection: res.headers.connection };
        });
      });
      // The server closing the socket mid-upload is the expected end; a missing answer is the failure.
      req.on('error', () => {});
      req.on('close', () => {
        closed = true;
        if (answer) resolve({ ...answer, sent });
        else reject(new Error(`connection closed without an answer after ${sent} bytes`));
      });
      void (async () => {
        req.write('{"token":"');
        while (sent < total && !closed) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            await new Promise<void>((next) => {
              const go = () => {
                req.off('drain', go);
                req.off('close', go);
                next();
              };
              req.on('drain', go);
              req.on('close', go);
            });
          }
        }
        if (!closed) req.end('"}');
      })();
    },
  );
}

describe('streaming body limit', () => {
  it('cuts a chunked 50 MB body off at the limit with 413, stops reading, and memory grows < 20 MB', async () => {
    await h.overHttp(async (baseUrl) => {
      gc();
      const baseline = process.memoryUsage();
      let peakRss = baseline.rss;
      let peakBuffers = baseline.arrayBuffers;
      const sampler = setInterval(() => {
        const now = process.memoryUsage();
        peakRss = Math.max(peakRss, now.rss);
        peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
      }, 5);
      try {
        for (const path of ['/v1/portal/session', '/v1/portal/session', '/v1/admin/tickets']) {
          const res = await chunkedUpload(`${baseUrl}${path}`, FIFTY_MB);
          assert.equal(res.status, 413, path);
          assert.equal(res.code, 'PAYLOAD_TOO_LARGE');
          assert.equal(res.connection, 'close', 'the server announces it stops reading');
          assert.ok(res.sent < FIFTY_MB, `the server closed the connection mid-upload (${res.sent} bytes sent)`);
        }
      } finally {
        clearInterval(sampler);
      }
      gc();
      const settled = process.memoryUsage();
      const mb = (bytes: number) => Math.round(bytes / 1024 / 10.24) / 100;
      const growth = { peakRss: mb(peakRss - baseline.rss), peakArrayBuffers: mb(peakBuffers - baseline.arrayBuffers) };
      assert.ok(growth.peakArrayBuffers < 20, `array buffers grew by ${JSON.stringify(growth)} MB`);
      assert.ok(growth.peakRss < 20, `rss grew by ${JSON.stringify(growth)} MB`);
      assert.ok(
        mb(settled.rss - baseline.rss) < 20,
        `rss after the uploads grew by ${mb(settled.rss - baseline.rss)} MB`,
      );
    });
  });

  it('a body just under the limit still gets through to validation (positive control)', async () => {
    await h.overHttp(async (baseUrl) => {
      const body = JSON.stringify({ token: 'a'.repeat(MAX_BODY_BYTES - 20) });
      const res = await fetch(`${baseUrl}/v1/portal/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'VALIDATION_FAILED');
    });
  });

  it('checks the content type first: a chunked text/plain upload is 415 without reading it', async () => {
    await h.overHttp(async (baseUrl) => {
      const res = await chunkedUpload(`${baseUrl}/v1/portal/session`, FIFTY_MB, 'text/plain');
      assert.equal(res.status, 415);
      assert.equal(res.code, 'UNSUPPORTED_MEDIA_TYPE');
      assert.equal(res.connection, 'close');
      assert.ok(res.sent < FIFTY_MB, `${res.sent} bytes sent`);
    });
  });

  it('refuses JSON nested deeper than the limit with 400 VALIDATION_FAILED', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const res = await h.call('POST', '/v1/portal/session', { body: deep });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    assert.match(res.body.error.issues[0].message, /Nested deeper than 16 levels/);
    const shallow = await h.call('POST', '/v1/portal/session', { body: '[[[]]]' });
    assert.equal(shallow.status, 400);
    assert.doesNotMatch(JSON.stringify(shallow.body), /Nested deeper/, 'shallow nesting reaches the schema instead');
  });
});
