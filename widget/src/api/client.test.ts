import { expect } from '@open-wc/testing';
import { blockApi, createExpiredLink, createSession, createTicketLink, unblockApi } from '../testing/fixtures.js';
import { PorchClient } from './client.js';
import { PorchApiError } from './errors.js';

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('PorchClient', () => {
  afterEach(unblockApi);

  it('redeems a link for a session and reads the ticket with it', async () => {
    const { api, token, ticketId } = await createTicketLink({ status: 'scheduling' });
    const client = new PorchClient({ baseUrl: `${api}/` });
    const session = await client.redeem(token);
    expect(session.ticketId).to.equal(ticketId);
    expect(session.scopes).to.include('track');
    const ticket = await client.withSession(session.session).ticket(ticketId);
    expect(ticket.status).to.equal('scheduling');
    expect(ticket.steps).to.have.length(7);
  });

  it('turns the error envelope into PorchApiError with code, status and request id', async () => {
    const [{ api }, { token }] = await Promise.all([createSession(), createExpiredLink()]);
    const error = await failure(new PorchClient({ baseUrl: api }).redeem(token));
    expect(error).to.be.instanceOf(PorchApiError);
    expect(error).to.include({ code: 'LINK_EXPIRED', status: 410 });
    expect((error as PorchApiError).requestId).to.be.a('string').and.not.be.empty;
  });

  it('answers UNAUTHENTICATED without a session', async () => {
    const { api, ticketId } = await createSession();
    const error = await failure(new PorchClient({ baseUrl: api }).ticket(ticketId));
    expect(error).to.include({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('reports NETWORK_ERROR when the API cannot be reached', async () => {
    const { api, session, ticketId } = await createSession();
    await blockApi(api);
    const error = await failure(new PorchClient({ baseUrl: api, session }).ticket(ticketId));
    expect(error).to.be.instanceOf(PorchApiError).and.include({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('rejects with the AbortError when the signal aborts', async () => {
    const { api, session, ticketId } = await createSession();
    const controller = new AbortController();
    const pending = new PorchClient({ baseUrl: api, session }).ticket(ticketId, controller.signal);
    controller.abort();
    const error = await failure(pending);
    expect(error).not.to.be.instanceOf(PorchApiError);
    expect((error as Error).name).to.equal('AbortError');
  });
});
