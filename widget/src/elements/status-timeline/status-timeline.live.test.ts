import { expect, waitUntil } from '@open-wc/testing';
import { en } from '../../i18n/en.js';
import {
  blockApi,
  dropStreams,
  eventIds,
  moveTicket,
  part,
  restartApi,
  setApiClock,
  setPageVisible,
  streamsOf,
  text,
  unblockApi,
} from '../../testing/fixtures.js';
import { announced, currentLabel, loaded, streamsOpen, timeline } from '../../testing/timeline.js';
import { PorchStatusTimeline } from './status-timeline.js';

PorchStatusTimeline.define('porch-status-timeline');

const SESSION_LIFETIME = 30 * 60;
/** Reconnects wait a jittered delay (about a second at first); the API's graceful shutdown asks for up to 2.5 s. */
const RECONNECT = { timeout: 6000 };

/**
 * A timeline of a new ticket (received) whose live stream is open and has brought one change (to scheduling), and
 * the id of that change's event: the newest the timeline has seen.
 */
async function streaming() {
  const shown = await timeline({ status: 'received' });
  await loaded(shown.el);
  await streamsOpen(shown.ticketId);
  await moveTicket(shown.ticketId, { status: 'scheduling' });
  await waitUntil(() => shown.changes.length === 1, 'the live change never arrived');
  expect(shown.changes[0]).to.deep.equal({ ticketId: shown.ticketId, status: 'scheduling', previous: 'received' });
  return { ...shown, seen: (await eventIds(shown.ticketId)).at(-1)! };
}

describe('<porch-status-timeline> live', () => {
  afterEach(async () => {
    await unblockApi();
    await setPageVisible(true);
    await setApiClock(0);
  });

  it('reconnects after the connection drops, quietly, and resumes after the last event it saw', async () => {
    const { el, api, ticketId, changes, seen } = await streaming();

    await blockApi(api);
    await dropStreams();
    await waitUntil(() => part(el, 'status'), 'no reconnecting state after the drop');
    expect(text(part(el, 'status'))).to.equal(en.timeline.reconnecting);
    expect(part(el, 'status')!.closest('[role=status], [role=alert], [aria-live]'), 'not announced').to.equal(null);
    expect(part(el, 'error')).to.equal(null);
    expect(currentLabel(el), 'the last state stays').to.equal(en.timeline.status.scheduling);
    await expect(el).to.be.accessible();
    await moveTicket(ticketId, { status: 'dispatched' });
    await moveTicket(ticketId, { status: 'on_route', technician: { firstName: 'Sam' } });
    await blockApi(api, false);

    await waitUntil(() => changes.length === 2, 'the changes made during the outage never arrived', RECONNECT);
    await waitUntil(() => !part(el, 'status'), 'still says it is reconnecting');
    const { resumedFrom } = await streamsOf(ticketId);
    expect(resumedFrom[0], 'the first stream starts fresh').to.equal(null);
    expect(resumedFrom.slice(1), 'every reconnect resumes after the last event seen').to.deep.equal([seen]);
    expect(changes).to.deep.equal([
      { ticketId, status: 'scheduling', previous: 'received' },
      { ticketId, status: 'on_route', previous: 'scheduling' },
    ]);
    expect(currentLabel(el)).to.equal(en.timeline.status.on_route);
    expect(announced(el)).to.equal(en.timeline.statusChanged(en.timeline.status.on_route));

    await moveTicket(ticketId, { status: 'onsite' });
    await waitUntil(() => changes.length === 3, 'the new stream is not live');
    expect(changes[2]).to.deep.equal({ ticketId, status: 'onsite', previous: 'on_route' });
  });

  it('reconnects when a shutting-down API asks it to, and catches up on what happened meanwhile', async () => {
    const { el, ticketId, changes, seen } = await streaming();
    await restartApi();
    await waitUntil(() => part(el, 'status'), 'no reconnecting state while waiting to reconnect');
    await moveTicket(ticketId, { status: 'dispatched' });
    await waitUntil(() => changes.length === 2, 'never reconnected', RECONNECT);
    expect(changes[1]).to.deep.equal({ ticketId, status: 'dispatched', previous: 'scheduling' });
    expect((await streamsOf(ticketId)).resumedFrom).to.deep.equal([null, seen]);
    await waitUntil(() => !part(el, 'status'), 'still says it is reconnecting');
  });

  it('closes the stream while the tab is hidden and resumes where it left off when it is shown', async () => {
    const { ticketId, changes, seen } = await streaming();
    await setPageVisible(false);
    await waitUntil(() => document.visibilityState === 'hidden', 'the page never became hidden');
    await streamsOpen(ticketId, 0);
    await moveTicket(ticketId, { status: 'dispatched' });
    await setPageVisible(true);
    await waitUntil(() => changes.length === 2, 'the change made while hidden never arrived', RECONNECT);
    expect(changes[1]).to.deep.equal({ ticketId, status: 'dispatched', previous: 'scheduling' });
    expect((await streamsOf(ticketId)).resumedFrom).to.deep.equal([null, seen]);
  });

  it('reports SESSION_EXPIRED when the API ends the stream because the session ran out, and stays closed', async () => {
    const { el, ticketId, errors } = await streaming();
    // The session now has a few seconds left: enough to open a stream, which the API ends when they are over.
    await setApiClock(SESSION_LIFETIME - 4);
    document.dispatchEvent(new Event('visibilitychange'));
    await waitUntil(async () => (await streamsOf(ticketId)).resumedFrom.length === 2, 'never reconnected');
    await streamsOpen(ticketId);

    await waitUntil(() => errors.length > 0, 'the stream never said the session expired', { timeout: 8000 });
    expect(errors).to.deep.equal(['SESSION_EXPIRED']);
    await waitUntil(() => part(el, 'error'), 'no error state for a failure nobody took over');
    const { open, resumedFrom } = await streamsOf(ticketId);
    expect([open, resumedFrom.length], 'no reconnect with an expired session').to.deep.equal([0, 2]);
  });

  it('closes the previous stream when it loads again, and its stream when it leaves the page', async () => {
    const { el, ticketId } = await streaming();
    await el.refresh();
    await waitUntil(async () => {
      const { open, resumedFrom } = await streamsOf(ticketId);
      return open === 1 && resumedFrom.length === 2;
    }, 'the reload did not replace the stream');
    expect((await streamsOf(ticketId)).resumedFrom).to.deep.equal([null, null]);

    el.remove();
    await streamsOpen(ticketId, 0);
  });
});
