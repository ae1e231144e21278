import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startHarness, type Harness, type TestTenant } from '../testing/harness';

let h: Harness;
after(() => h.close());

const QUESTIONS = [
  { id: 'on_time', kind: 'yes_no', label: { en: 'Was the technician on time?', de: 'War der Techniker pünktlich?' } },
  {
    id: 'tidy',
    kind: 'one',
    label: { en: 'How tidy was it left?' },
    options: [
      { id: 'very', label: { en: 'Very' } },
      { id: 'not', label: { en: 'Not at all' } },
    ],
  },
  {
    id: 'liked',
    kind: 'many',
    label: { en: 'What went well?' },
    options: [
      { id: 'speed', label: { en: 'Speed' } },
      { id: 'manner', label: { en: 'Manner' } },
      { id: 'price', label: { en: 'Price' } },
    ],
  },
];

async function defaultProfileId(tenant: TestTenant): Promise<string> {
  const res = await h.call('GET', '/v1/admin/profiles', { auth: tenant.apiKey });
  return res.body.items.find((p: { isDefault: boolean }) => p.isDefault).id;
}

async function setFeedback(tenant: TestTenant, enabled: boolean, questions: unknown[] = QUESTIONS) {
  const res = await h.call('PATCH', `/v1/admin/profiles/${await defaultProfileId(tenant)}`, {
    auth: tenant.apiKey,
    body: { feedbackEnabled: enabled, feedbackQuestions: questions },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

async function move(tenant: TestTenant, ticketId: string, status: string) {
  const res = await h.call('POST', `/v1/admin/tickets/${ticketId}/events`, { auth: tenant.apiKey, body: { status } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

/** A ticket of tenant A with a session that has the `feedback` scope, moved to `status`. */
async function ticketAt(status: string | null) {
  const ticket = await h.createTicket(h.a);
  const session = await h.sessionFor(h.a, ticket.id);
  if (status) await move(h.a, ticket.id, status);
  return { ticket, session };
}

const state = (ticketId: string, session: string) =>
  h.call('GET', `/v1/portal/tickets/${ticketId}/feedback`, { auth: session, origin: h.a.origin });
const submit = (ticketId: string, session: string, body: unknown) =>
  h.call('POST', `/v1/portal/tickets/${ticketId}/feedback`, { auth: session, origin: h.a.origin, body });

before(async () => {
  h = await startHarness();
  await setFeedback(h.a, true);
});
afterEach(() => setFeedback(h.a, true));

describe('portal feedback', () => {
  it('is offered once the visit is completed, with the profile’s questions', async () => {
    const { ticket, session } = await ticketAt('onsite');
    const before = await state(ticket.id, session);
    assert.equal(before.status, 200);
    assert.equal(before.body.offered, false);
    assert.deepEqual(before.body.questions, QUESTIONS);
    await move(h.a, ticket.id, 'completed');
    const after = await state(ticket.id, session);
    assert.equal(after.body.offered, true);
    assert.equal(after.body.submitted, null);
    assert.equal(after.body.commentMaxLength, 2000);
    assert.equal(after.body.language, 'en', 'the profile’s language, for labels the page’s language lacks');
  });

  it('refuses feedback before Visit Completed with 409 FEEDBACK_NOT_OFFERED, writing nothing', async () => {
    const { ticket, session } = await ticketAt('onsite');
    const res = await submit(ticket.id, session, { rating: 5 });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'FEEDBACK_NOT_OFFERED');
    assert.equal((await state(ticket.id, session)).body.submitted, null);
    // Positive control: the same submit after completion is taken.
    await move(h.a, ticket.id, 'completed');
    assert.equal((await submit(ticket.id, session, { rating: 5 })).status, 201);
  });

  it('is not offered when the profile has feedback off (409), and a link then carries no feedback scope', async () => {
    const { ticket, session } = await ticketAt('completed');
    await setFeedback(h.a, false);
    assert.equal((await state(ticket.id, session)).body.offered, false);
    const res = await submit(ticket.id, session, { rating: 4 });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'FEEDBACK_NOT_OFFERED');
    const fresh = await h.sessionFor(h.a, ticket.id);
    const scoped = await state(ticket.id, fresh);
    assert.equal(scoped.status, 403);
    assert.equal(scoped.body.error.code, 'SCOPE_REQUIRED');
  });

  it('records rating, answers and comment once; a second submit is 409 FEEDBACK_EXISTS and the first stays', async () => {
    const { ticket, session } = await ticketAt('completed');
    const body = {
      rating: 4,
      answers: { on_time: true, tidy: 'very', liked: ['speed', 'manner'] },
      comment: '  Friendly and quick  ',
    };
    const first = await submit(ticket.id, session, body);
    assert.equal(first.status, 201);
    assert.deepEqual(first.body, {
      rating: 4,
      answers: body.answers,
      comment: 'Friendly and quick',
      createdAt: h.clock.now().toISOString(),
    });
    const second = await submit(ticket.id, session, { rating: 1 });
    assert.equal(second.status, 409);
    assert.equal(second.body.error.code, 'FEEDBACK_EXISTS');
    const shown = await state(ticket.id, session);
    assert.equal(shown.body.offered, false);
    assert.deepEqual(shown.body.submitted, first.body);
  });

  it('takes exactly one of two concurrent submits', async () => {
    const { ticket, session } = await ticketAt('completed');
    const results = await Promise.all([
      submit(ticket.id, session, { rating: 5 }),
      submit(ticket.id, session, { rating: 2 }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409]);
    const loser = results.find((r) => r.status === 409)!;
    assert.equal(loser.body.error.code, 'FEEDBACK_EXISTS');
    const winner = results.find((r) => r.status === 201)!;
    assert.equal((await state(ticket.id, session)).body.submitted.rating, winner.body.rating);
  });

  for (const [name, answers, path] of [
    ['an unknown question', { nope: true }, 'answers.nope'],
    ['an option outside the profile’s', { tidy: 'sparkling' }, 'answers.tidy'],
    ['one of several given as a list', { tidy: ['very'] }, 'answers.tidy'],
    ['several with an outside option', { liked: ['speed', 'free_beer'] }, 'answers.liked'],
    ['several with a repeated option', { liked: ['speed', 'speed'] }, 'answers.liked'],
    ['yes/no given as text', { on_time: 'yes' }, 'answers.on_time'],
  ] as const) {
    it(`refuses ${name} with 400 VALIDATION_FAILED at ${path}, writing nothing`, async () => {
      const { ticket, session } = await ticketAt('completed');
      const res = await submit(ticket.id, session, { rating: 3, answers });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.deepEqual(
        res.body.error.issues.map((i: { path: string }) => i.path),
        [path],
      );
      assert.equal((await state(ticket.id, session)).body.submitted, null);
    });
  }

  it('refuses a rating outside 1–5 and a comment over the limit', async () => {
    const { ticket, session } = await ticketAt('completed');
    for (const body of [{ rating: 0 }, { rating: 6 }, { rating: 4.5 }, { rating: 5, comment: 'x'.repeat(2001) }]) {
      const res = await submit(ticket.id, session, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    }
    assert.equal((await submit(ticket.id, session, { rating: 5, comment: 'x'.repeat(2000) })).status, 201);
  });

  it('refuses badly configured questions on the profile with their path', async () => {
    const id = await defaultProfileId(h.a);
    for (const [questions, path] of [
      [[{ id: 'a', kind: 'one', label: { en: 'A' } }], 'json.feedbackQuestions.0.options'],
      [[{ id: 'a', kind: 'yes_no', label: {} }], 'json.feedbackQuestions.0.label'],
      [[{ id: 'A B', kind: 'yes_no', label: { en: 'A' } }], 'json.feedbackQuestions.0.id'],
    ] as const) {
      const res = await h.call('PATCH', `/v1/admin/profiles/${id}`, {
        auth: h.a.apiKey,
        body: { feedbackQuestions: questions },
      });
      assert.equal(res.status, 400);
      assert.ok(
        res.body.error.issues.some((i: { path: string }) => i.path === path),
        JSON.stringify(res.body.error.issues),
      );
    }
  });
});

describe('admin feedback', () => {
  it('lists feedback and aggregates it per project, profile and period', async () => {
    const project = await h.call('POST', '/v1/admin/projects', { auth: h.b.apiKey, body: { name: 'Roofs' } });
    await setFeedback(h.b, true);
    const give = async (rating: number, answers: object, projectId?: string) => {
      const ticket = await h.createTicket(h.b, projectId ? { projectId } : {});
      const session = await h.sessionFor(h.b, ticket.id);
      await move(h.b, ticket.id, 'completed');
      const res = await h.call('POST', `/v1/portal/tickets/${ticket.id}/feedback`, {
        auth: session,
        origin: h.b.origin,
        body: { rating, answers },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return ticket;
    };
    const start = h.clock.now().toISOString();
    await give(5, { on_time: true, tidy: 'very', liked: ['speed', 'manner'] }, project.body.id);
    await give(4, { on_time: false, liked: ['speed'] }, project.body.id);
    h.clock.advance(60_000);
    const later = h.clock.now().toISOString();
    await give(1, { on_time: false, tidy: 'not' });

    const all = await h.call('GET', '/v1/admin/feedback/summary', { auth: h.b.apiKey });
    assert.equal(all.status, 200);
    assert.deepEqual(all.body, {
      count: 3,
      average: 3.33,
      distribution: { '1': 1, '2': 0, '3': 0, '4': 1, '5': 1 },
      answers: {
        liked: { manner: 1, speed: 2 },
        on_time: { no: 2, yes: 1 },
        tidy: { not: 1, very: 1 },
      },
    });
    const byProject = await h.call('GET', `/v1/admin/feedback/summary?projectId=${project.body.id}`, {
      auth: h.b.apiKey,
    });
    assert.equal(byProject.body.count, 2);
    assert.equal(byProject.body.average, 4.5);
    const byPeriod = await h.call('GET', `/v1/admin/feedback/summary?from=${encodeURIComponent(later)}`, {
      auth: h.b.apiKey,
    });
    assert.equal(byPeriod.body.count, 1);
    const before = await h.call('GET', `/v1/admin/feedback/summary?to=${encodeURIComponent(start)}`, {
      auth: h.b.apiKey,
    });
    assert.deepEqual(before.body, {
      count: 0,
      average: null,
      distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
      answers: {},
    });
    const profileId = await defaultProfileId(h.b);
    const byProfile = await h.call('GET', `/v1/admin/feedback/summary?profileId=${profileId}`, { auth: h.b.apiKey });
    assert.equal(byProfile.body.count, 3);

    const list = await h.call('GET', '/v1/admin/feedback?limit=2', { auth: h.b.apiKey });
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((f: { rating: number }) => f.rating),
      [1, list.body.items[1].rating],
    );
    assert.equal(list.body.items.length, 2);
    assert.deepEqual(Object.keys(list.body.items[0]).sort(), [
      'answers',
      'comment',
      'createdAt',
      'id',
      'profileId',
      'projectId',
      'rating',
      'ticketId',
    ]);
  });
});
