import { expect, waitUntil } from '@open-wc/testing';
import { ReactiveElement } from 'lit';
import { PorchClient } from '../api/client.js';
import { createSession, recordFetches, streamsOf } from '../testing/fixtures.js';
import { LiveStream } from './live-stream.js';

class StreamHost extends ReactiveElement {}
customElements.define('live-stream-host', StreamHost);

const eventsUrls = (urls: string[]) => urls.filter((url) => new URL(url, location.href).pathname.endsWith('/events'));

describe('LiveStream', () => {
  let host: StreamHost;
  let fetches: ReturnType<typeof recordFetches>;
  beforeEach(() => {
    host = new StreamHost();
    fetches = recordFetches();
  });
  afterEach(() => {
    fetches.stop();
    host.remove();
  });

  // open() reaches fetch synchronously, so what was recorded right after it is all it asked for.
  it('opens no connection for an element that left the document (a late load), and opens it when it is back', async () => {
    const { api, session, ticketId } = await createSession();
    const client = new PorchClient({ baseUrl: api, session });
    const stream = new LiveStream(host, { onMessage: () => undefined, onFailure: () => undefined });
    document.body.append(host);
    stream.open(client, ticketId);
    expect(eventsUrls(fetches.urls), 'positive control: an element in the document connects').to.have.length(1);
    await waitUntil(async () => (await streamsOf(ticketId)).open === 1, 'the stream never opened', { timeout: 5000 });

    host.remove();
    stream.open(client, ticketId);
    expect(eventsUrls(fetches.urls), 'no connection for a detached element').to.have.length(1);

    document.body.append(host);
    expect(eventsUrls(fetches.urls), 'back in the document, it follows the ticket again').to.have.length(2);
  });

  it('connects an element that was never in the document only once it is added', async () => {
    const { api, session, ticketId } = await createSession();
    const stream = new LiveStream(host, { onMessage: () => undefined, onFailure: () => undefined });
    stream.open(new PorchClient({ baseUrl: api, session }), ticketId);
    expect(eventsUrls(fetches.urls)).to.deep.equal([]);
    document.body.append(host);
    expect(eventsUrls(fetches.urls)).to.have.length(1);
  });
});
