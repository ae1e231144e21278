import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { PorchErrorEvent } from '../../events/error.js';
import {
  blockApi,
  createSession,
  documented,
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
import { PorchResolution } from './resolution.js';

PorchResolution.define('porch-resolution');

async function resolutionEl(lang = 'en') {
  const { api, session, ticketId } = await createSession();
  const errors: string[] = [];
  const wrapper = await fixture(
    html`<div lang=${lang}>
      <porch-resolution
        api=${api}
        token=${session}
        ticket-id=${ticketId}
        company="Acme Printer Repair"
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      ></porch-resolution>
    </div>`,
  );
  const el = wrapper.querySelector<PorchResolution>('porch-resolution')!;
  return { el, api, session, ticketId, errors };
}
const shown = (el: PorchResolution, name: string) =>
  waitUntil(() => part(el, name), `part ${name} never showed`, { timeout: 5000 });
const click = (el: PorchResolution, name: string) => (part(el, name) as HTMLButtonElement).click();
const stored = async (api: string, session: string, ticketId: string) =>
  (await portalCall<{ resolvedAt: string | null }>(api, 'GET', `/v1/portal/tickets/${ticketId}/resolve`, session)).body
    .resolvedAt;

describe('<porch-resolution>', () => {
  afterEach(() => unblockApi());

  it('asks for a confirmation naming the company; Cancel records nothing and returns the focus', async () => {
    const { el, api, session, ticketId } = await resolutionEl();
    await shown(el, 'resolve');
    await expect(el).to.be.accessible();
    click(el, 'resolve');
    await shown(el, 'confirm');
    expect(text(part(el, 'confirm'))).to.contain('Mark this job as resolved? Acme Printer Repair will be told.');
    expect(shadow(el).activeElement).to.equal(part(el, 'cancel'));
    await expect(el).to.be.accessible();
    click(el, 'cancel');
    await shown(el, 'resolve');
    expect(shadow(el).activeElement).to.equal(part(el, 'resolve'));
    expect(await stored(api, session, ticketId)).to.equal(null);
  });

  it('emits porch-ticket-resolved once confirmed and then says when', async () => {
    const { el, api, session, ticketId } = await resolutionEl();
    await shown(el, 'resolve');
    click(el, 'resolve');
    await shown(el, 'confirm-resolve');
    const resolved = oneEvent(el, 'porch-ticket-resolved');
    click(el, 'confirm-resolve');
    const event = await resolved;
    const at = await stored(api, session, ticketId);
    expect(at).to.be.a('string');
    expect(event.detail).to.deep.equal({ ticketId, resolvedAt: at });
    await shown(el, 'resolved');
    expect(text(part(el, 'resolved'))).to.match(/^You marked this job as resolved on .+\.$/);
    expect(part(el, 'resolve')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows an already resolved ticket as resolved on load', async () => {
    const { api, session, ticketId } = await createSession();
    expect((await portalCall(api, 'POST', `/v1/portal/tickets/${ticketId}/resolve`, session, {})).status).to.equal(201);
    const el = await fixture<PorchResolution>(
      html`<porch-resolution api=${api} token=${session} ticket-id=${ticketId}></porch-resolution>`,
    );
    await shown(el, 'resolved');
    expect(part(el, 'resolve')).to.equal(null);
  });

  it('says a failed confirmation and keeps it open; the load error offers Retry', async () => {
    const { el, api, errors } = await resolutionEl();
    await shown(el, 'resolve');
    click(el, 'resolve');
    await shown(el, 'confirm-resolve');
    await blockApi(api);
    click(el, 'confirm-resolve');
    await shown(el, 'error');
    expect(text(part(el, 'error'))).to.equal('That did not work. Please try again.');
    expect(part(el, 'confirm')).to.exist;
    const fresh = await resolutionEl();
    await shown(fresh.el, 'error');
    expect(fresh.errors).to.deep.equal(['NETWORK_ERROR']);
    expect(errors).to.deep.equal([]);
    await blockApi(api, false);
    shadow(fresh.el).querySelector<HTMLButtonElement>('[part~=error] button')!.click();
    await shown(fresh.el, 'resolve');
  });

  it('speaks German', async () => {
    const { el } = await resolutionEl('de');
    await shown(el, 'resolve');
    expect(text(part(el, 'resolve'))).to.equal('Mein Anliegen ist erledigt');
  });

  it('fits 320 px, the confirmation included', async () => {
    const { el } = await resolutionEl();
    await shown(el, 'resolve');
    await onPhone(async () => {
      click(el, 'resolve');
      await shown(el, 'confirm');
      expect(overflowing(el)).to.deep.equal([]);
    });
  });

  it('renders every documented part and property, and documents every one it renders', async () => {
    const { parts, properties } = await documented('elements/resolution/resolution.ts');
    const seen = new Set<string>();
    const { el, api } = await resolutionEl();
    await shown(el, 'resolve');
    for (const name of renderedParts(el)) seen.add(name);
    click(el, 'resolve');
    await shown(el, 'confirm');
    await blockApi(api);
    click(el, 'confirm-resolve');
    await shown(el, 'error');
    for (const name of renderedParts(el)) seen.add(name);
    await blockApi(api, false);
    click(el, 'confirm-resolve');
    await shown(el, 'resolved');
    for (const name of renderedParts(el)) seen.add(name);
    seen.add('loading'); // the first render, before any answer
    expect([...seen].sort()).to.deep.equal(parts);
    expect(porchProperties(PorchResolution.styles)).to.deep.equal(properties);
    expect(privateTokenProblems(PorchResolution.styles)).to.deep.equal([]);
  });
});
