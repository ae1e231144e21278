import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processLogger } from './log';

/** A stream that keeps what is written, as a terminal (isTTY) or a pipe would receive it. */
const stream = (isTTY: boolean) => {
  const lines: string[] = [];
  return { isTTY, lines, write: (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)) };
};
const request = { requestId: 'req-1', method: 'GET', path: '/v1/portal/me', status: 200, ms: 3.2 };

describe('processLogger', () => {
  it('writes one JSON object per line when the output is not a terminal', () => {
    const out = stream(false);
    processLogger('info', out).info('request', request);
    assert.equal(out.lines.length, 1);
    const { time, ...rest } = JSON.parse(out.lines[0]!);
    assert.match(time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(rest, { level: 'info', event: 'request', ...request });
  });

  it('writes readable lines on a terminal, with the request id only for a server error', () => {
    const out = stream(true);
    const log = processLogger('info', out);
    log.info('request', request);
    log.info('request', { ...request, status: 503 });
    log.error('unhandled', { requestId: 'req-2', message: 'boom' });
    assert.equal(out.lines.length, 3);
    assert.match(out.lines[0]!, /^\d\d:\d\d:\d\d {2}GET \/v1\/portal\/me 200 {2}3\.2 ms$/);
    assert.match(out.lines[1]!, /^\d\d:\d\d:\d\d {2}GET \/v1\/portal\/me 503 {2}3\.2 ms {2}req-1$/);
    assert.match(out.lines[2]!, /^\d\d:\d\d:\d\d {2}ERROR unhandled requestId=req-2 message=boom$/);
  });

  it('writes nothing at LOG_LEVEL=silent, where info writes a line', () => {
    const out = stream(true);
    processLogger('silent', out).error('unhandled', { message: 'boom' });
    assert.deepEqual(out.lines, []);
    processLogger('info', out).error('unhandled', { message: 'boom' });
    assert.equal(out.lines.length, 1);
  });
});
