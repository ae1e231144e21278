import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SseReader } from '../testing/sse';
import { SseStream } from './sse';

describe('SseStream', () => {
  it('writes each message in the event-stream format, comments included, and ends when closed', async () => {
    const stream = new SseStream(10);
    const reader = new SseReader(new Response(stream.body));
    stream.send({ event: 'ticket', id: '7', retry: 2000, data: '{"a":1}' });
    stream.comment('keep-alive');
    stream.send({ event: 'reconnect', data: '{}' });
    stream.close();
    assert.deepEqual(await reader.next(), { event: 'ticket', id: '7', retry: 2000, data: '{"a":1}' });
    assert.deepEqual(await reader.next(), { event: 'reconnect', id: null, retry: null, data: '{}' });
    assert.equal(reader.comments, 1);
    assert.equal(await reader.next(), null);
    await stream.ended;
    assert.equal(stream.open, false);
    stream.send({ event: 'ticket', data: 'late' }); // a no-op once closed, not a throw
  });

  it('drops a client that stops reading once the queue is full, instead of buffering without end', async () => {
    const stream = new SseStream(3);
    const body = stream.body.getReader();
    for (let i = 0; i < 3; i++) stream.send({ event: 'ticket', id: String(i), data: '{}' });
    assert.equal(stream.open, true, 'three waiting messages are within the limit');
    stream.send({ event: 'ticket', id: '3', data: '{}' });
    assert.equal(stream.open, false);
    await stream.ended;
    await assert.rejects(body.read(), /not reading/);
  });

  it('ends when the client goes away (the body is cancelled)', async () => {
    const stream = new SseStream(10);
    await stream.body.cancel();
    await stream.ended;
    assert.equal(stream.open, false);
  });
});
