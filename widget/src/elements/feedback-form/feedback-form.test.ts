import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { FeedbackQuestion } from '../../api/types.js';
import type { PorchErrorEvent } from '../../events/error.js';
import {
  blockApi,
  createSession,
  documented,
  moveTicket,
  onPhone,
  overflowing,
  part,
  porchProperties,
  portalCall,
  privateTokenProblems,
  renderedParts,
  shadow,
  text,
  unblockApi,
} from '../../testing/fixtures.js';
import { PorchFeedbackForm } from './feedback-form.js';

PorchFeedbackForm.define('porch-feedback-form');

const QUESTIONS: FeedbackQuestion[] = [
  { id: 'on_time', kind: 'yes_no', label: { en: 'Was the technician on time?', de: 'War der Techniker pünktlich?' } },
  {
    id: 'liked',
    kind: 'many',
    label: { en: 'What went well?', de: 'Was lief gut?' },
    options: [
      { id: 'speed', label: { en: 'Speed', de: 'Tempo' } },
      { id: 'manner', label: { en: 'Manner', de: 'Umgang' } },
    ],
  },
];

/** A standalone form on a fresh ticket whose profile collects feedback, at `status`. */
async function feedbackForm({
  status = 'completed' as 'completed' | 'onsite',
  lang = 'en' as string | null,
  language = undefined as 'en' | 'de' | undefined,
} = {}) {
  const { api, session, ticketId } = await createSession({
    status,
    ...(language ? { language } : {}),
    profile: { feedbackEnabled: true, feedbackQuestions: QUESTIONS },
  });
  const errors: string[] = [];
  const wrapper = await fixture(
    html`<div lang=${ifDefined(lang ?? undefined)}>
      <porch-feedback-form
        api=${api}
        token=${session}
        ticket-id=${ticketId}
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      ></porch-feedback-form>
    </div>`,
  );
  const el = wrapper.querySelector<PorchFeedbackForm>('porch-feedback-form')!;
  return { el, api, session, ticketId, errors };
}

const shown = (el: PorchFeedbackForm, name: string) =>
  waitUntil(() => part(el, name), `part ${name} never showed`, { timeout: 5000 });
const input = (el: PorchFeedbackForm, selector: string) => shadow(el).querySelector<HTMLInputElement>(selector)!;
const labelled = (el: PorchFeedbackForm, label: string) =>
  [...shadow(el).querySelectorAll<HTMLLabelElement>('label.choice')]
    .find((l) => text(l) === label)!
    .querySelector('input')!;

describe('<porch-feedback-form>', () => {
  afterEach(() => unblockApi());

  it('offers a star rating as a radio group with named stars, the profile’s questions and a comment', async () => {
    const { el } = await feedbackForm();
    await shown(el, 'base');
    const rating = part(el, 'rating')!;
    expect(rating.tagName).to.equal('FIELDSET');
    const stars = [...rating.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(stars).to.have.length(5);
    expect(stars.map((s) => text(s.nextElementSibling!.querySelector('.visually-hidden')))).to.deep.equal([
      '1 star',
      '2 stars',
      '3 stars',
      '4 stars',
      '5 stars',
    ]);
    const questions = [...shadow(el).querySelectorAll('[part~=question] legend')].map(text);
    expect(questions).to.deep.equal(['Was the technician on time?', 'What went well?']);
    expect(input(el, '[part~=question] input[value=speed]').type).to.equal('checkbox');
    expect(input(el, '[part~=question] input[value=yes]').type).to.equal('radio');
    expect(part(el, 'comment')!.getAttribute('maxlength')).to.equal('2000');
    await expect(el).to.be.accessible();
  });

  it('emits porch-feedback-submitted with the rating, then shows the answer given', async () => {
    const { el, api, session, ticketId } = await feedbackForm();
    await shown(el, 'base');
    input(el, '#star-4').click();
    labelled(el, 'Yes').click();
    labelled(el, 'Speed').click();
    labelled(el, 'Manner').click();
    const comment = part(el, 'comment') as HTMLTextAreaElement;
    comment.value = 'Quick and friendly';
    comment.dispatchEvent(new Event('input'));
    await el.updateComplete;
    const submitted = oneEvent(el, 'porch-feedback-submitted');
    (part(el, 'submit') as HTMLButtonElement).click();
    const event = await submitted;
    expect(event.detail).to.deep.equal({ ticketId, rating: 4 });
    expect(event.bubbles && event.composed).to.equal(true);
    await shown(el, 'submitted');
    expect(text(part(el, 'submitted')))
      .to.contain('Quick and friendly')
      .and.contain('Speed, Manner');
    expect(shadow(el).querySelector('[role=img]')!.getAttribute('aria-label')).to.equal('4 stars');
    const stored = await portalCall<{ submitted: { rating: number; answers: unknown } }>(
      api,
      'GET',
      `/v1/portal/tickets/${ticketId}/feedback`,
      session,
    );
    expect(stored.body.submitted.rating).to.equal(4);
    expect(stored.body.submitted.answers).to.deep.equal({ on_time: true, liked: ['speed', 'manner'] });
    await expect(el).to.be.accessible();
  });

  it('asks for a rating before sending anything', async () => {
    const { el, api, session, ticketId } = await feedbackForm();
    await shown(el, 'base');
    (part(el, 'submit') as HTMLButtonElement).click();
    await shown(el, 'error');
    expect(text(part(el, 'error'))).to.equal('Please choose a rating.');
    expect(shadow(el).activeElement).to.equal(input(el, '#star-1'));
    const stored = await portalCall<{ submitted: unknown; offered: boolean }>(
      api,
      'GET',
      `/v1/portal/tickets/${ticketId}/feedback`,
      session,
    );
    expect(stored.body).to.include({ submitted: null, offered: true });
  });

  it('shows the answer given when the API says FEEDBACK_EXISTS (given in another tab)', async () => {
    const { el, api, session, ticketId } = await feedbackForm();
    await shown(el, 'base');
    const other = await portalCall(api, 'POST', `/v1/portal/tickets/${ticketId}/feedback`, session, {
      rating: 2,
      comment: 'From the other tab',
    });
    expect(other.status).to.equal(201);
    input(el, '#star-5').click();
    (part(el, 'submit') as HTMLButtonElement).click();
    await shown(el, 'submitted');
    expect(text(part(el, 'submitted'))).to.contain('From the other tab');
    expect(shadow(el).querySelector('[role=img]')!.getAttribute('aria-label')).to.equal('2 stars');
  });

  it('is not offered before Visit Completed, and is once the ticket gets there', async () => {
    const { el, ticketId } = await feedbackForm({ status: 'onsite' });
    await shown(el, 'empty');
    expect(part(el, 'base')).to.equal(null);
    expect(text(part(el, 'empty'))).to.equal('You can rate the visit once it is completed.');
    await expect(el).to.be.accessible();
    await moveTicket(ticketId, { status: 'completed' });
    await el.refresh();
    await shown(el, 'base');
  });

  it('speaks German with the profile’s German labels', async () => {
    const { el } = await feedbackForm({ lang: 'de' });
    await shown(el, 'base');
    expect(text(shadow(el).querySelector('[part~=title]'))).to.equal('Wie war der Einsatz?');
    expect([...shadow(el).querySelectorAll('[part~=question] legend')].map(text)).to.deep.equal([
      'War der Techniker pünktlich?',
      'Was lief gut?',
    ]);
    expect(text(part(el, 'star'))).to.equal('★1 Stern');
  });

  it('falls back to the profile’s language for a page language without labels, and speaks it on a page without lang', async () => {
    const german = ['War der Techniker pünktlich?', 'Was lief gut?'];
    const legends = (el: PorchFeedbackForm) => [...shadow(el).querySelectorAll('[part~=question] legend')].map(text);
    const french = (await feedbackForm({ lang: 'fr', language: 'de' })).el;
    await shown(french, 'base');
    expect(legends(french)).to.deep.equal(german);
    // Nothing may declare a language here, the test page's <html> included.
    const pageLang = document.documentElement.getAttribute('lang');
    document.documentElement.removeAttribute('lang');
    try {
      const none = (await feedbackForm({ lang: null, language: 'de' })).el;
      await shown(none, 'base');
      expect(legends(none)).to.deep.equal(german);
    } finally {
      if (pageLang !== null) document.documentElement.setAttribute('lang', pageLang);
    }
    const english = (await feedbackForm({ lang: 'fr' })).el;
    await shown(english, 'base');
    expect(legends(english), 'an English profile: English').to.deep.equal(QUESTIONS.map((q) => q.label.en));
  });

  it('shows an error with Retry when the load fails, and loads on Retry', async () => {
    const { el, api, errors } = await feedbackForm();
    await shown(el, 'base');
    await blockApi(api);
    await el.refresh();
    await shown(el, 'error');
    expect(errors).to.deep.equal(['NETWORK_ERROR']);
    await expect(el).to.be.accessible();
    await blockApi(api, false);
    shadow(el).querySelector<HTMLButtonElement>('[part~=error] button')!.click();
    await shown(el, 'base');
  });

  it('fits 320 px without overflow', async () => {
    const { el } = await feedbackForm();
    await shown(el, 'base');
    await onPhone(async () => {
      expect(overflowing(el)).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });
  });

  it('renders every documented part and property, and documents every one it renders', async () => {
    const { parts, properties } = await documented('elements/feedback-form/feedback-form.ts');
    const seen = new Set<string>();
    const { el } = await feedbackForm();
    await shown(el, 'base');
    (part(el, 'submit') as HTMLButtonElement).click();
    await shown(el, 'error');
    for (const name of renderedParts(el)) seen.add(name);
    input(el, '#star-3').click();
    (part(el, 'submit') as HTMLButtonElement).click();
    await shown(el, 'submitted');
    for (const name of renderedParts(el)) seen.add(name);
    const early = await feedbackForm({ status: 'onsite' });
    await shown(early.el, 'empty');
    for (const name of renderedParts(early.el)) seen.add(name);
    seen.add('loading'); // the first render, before any answer
    expect([...seen].sort()).to.deep.equal(parts);
    expect(porchProperties(PorchFeedbackForm.styles)).to.deep.equal(properties);
    expect(privateTokenProblems(PorchFeedbackForm.styles)).to.deep.equal([]);
  });
});
