/**
 * The widget as a company's page embeds it, from the built files in dist/ (`npm run build` first; `npm test` does):
 * the ES module entry and the classic-script (IIFE) entry, fallback content when the script cannot load, a strict
 * Content-Security-Policy, and two copies of the script on one page. Each page is in testing/pages/.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { de } from './i18n/de.js';
import { en } from './i18n/en.js';
import { fr } from './i18n/fr.js';
import { createTicketLink, unblockApi } from './testing/fixtures.js';

interface Recorded {
  violations: string[];
  errors: string[];
  warnings: string[];
}
type PageWindow = Window & typeof globalThis & { porchRecord: Recorded; Porchlight?: Record<string, unknown> };

const PAGES = '/widget/src/testing/pages/';
let frame: HTMLIFrameElement | undefined;

/** Opens a test page in an iframe, with a fresh ticket link in its fragment; resolves once it has loaded. */
async function open(page: string, { lang = 'en' } = {}) {
  const { api, token } = await createTicketLink({ status: 'dispatched' });
  frame = document.createElement('iframe');
  frame.style.width = '480px';
  frame.style.height = '640px';
  const loaded = new Promise((resolve) => frame!.addEventListener('load', resolve, { once: true }));
  frame.src = `${PAGES}${page}?api=${encodeURIComponent(api)}&lang=${lang}#porch=${token}`;
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as PageWindow;
  return { win, doc: frame.contentDocument!, portal: frame.contentDocument!.querySelector('porch-portal')! };
}

/** The label of the current step of the timeline the portal hosts, once it shows. */
async function currentStatus(portal: Element): Promise<string> {
  let label = '';
  await waitUntil(
    () => {
      const timeline = portal.shadowRoot?.querySelector('porch-status-timeline');
      label = timeline?.shadowRoot?.querySelector('[aria-current=step] [part~=label]')?.textContent?.trim() ?? '';
      return label;
    },
    'the portal never showed the ticket status',
    { timeout: 10_000 },
  );
  return label;
}

const visible = (el: Element | null) => Boolean(el?.checkVisibility());

describe('embedding the widget', () => {
  before(async () => {
    const built = await fetch('/dist/porchlight.iife.js', { method: 'HEAD' });
    if (!built.ok) throw new Error('dist/ is missing: run `npm run build` before these tests');
  });
  afterEach(async () => {
    frame?.remove();
    frame = undefined;
    await unblockApi();
  });

  for (const page of ['module.html', 'iife.html']) {
    describe(page === 'iife.html' ? 'the classic script (IIFE)' : 'the ES module entry', () => {
      it('replaces the fallback content with the portal once the script runs', async () => {
        const { win, doc, portal } = await open(page);
        expect(await currentStatus(portal)).to.equal(en.timeline.status.dispatched);
        expect(win.customElements.get('porch-portal'), 'defined').to.exist;
        expect(visible(doc.querySelector('#fallback')), 'the fallback after the upgrade').to.equal(false);
        expect(win.porchRecord.errors).to.deep.equal([]);
      });

      it('leaves the page’s fallback content in place when the script cannot load', async () => {
        await executeServerCommand('block-urls', { urls: ['*/dist/*'] });
        const { win, doc } = await open(page);
        // The load event waits for the (failed) script: nothing can define the element after it.
        expect(win.customElements.get('porch-portal'), 'defined').to.equal(undefined);
        expect(visible(doc.querySelector('#fallback')), 'the fallback').to.equal(true);
      });
    });
  }

  it('loads a language on the IIFE path from the script itself (no chunks)', async () => {
    const { win, portal } = await open('iife.html', { lang: 'fr' });
    expect(await currentStatus(portal)).to.equal(fr.timeline.status.dispatched);
    expect(Object.keys(win.Porchlight ?? {})).to.include('PorchPortal');
  });

  it('works under a strict CSP (no unsafe-inline), loading its language chunk against the script’s URL', async () => {
    const { win, portal } = await open('csp.html', { lang: 'de' });
    expect(await currentStatus(portal)).to.equal(de.timeline.status.dispatched);
    // The page's own inline style attribute is the one violation: the recorder works, the widget caused none.
    expect(win.porchRecord.violations).to.deep.equal(['style-src-attr']);
    expect(win.porchRecord.errors).to.deep.equal([]);
  });

  it('defines each element once when two copies of the script are on the page, warning instead of failing', async () => {
    const { win, portal } = await open('twice.html');
    expect(await currentStatus(portal)).to.equal(en.timeline.status.dispatched);
    expect(win.porchRecord.errors).to.deep.equal([]);
    const duplicates = win.porchRecord.warnings.filter((w) => w.startsWith('[porchlight:duplicate-define]'));
    expect(duplicates.map((w) => w.match(/<([\w-]+)>/)?.[1]).sort()).to.deep.equal([
      'porch-booking-calendar',
      'porch-feedback-form',
      'porch-invoice-list',
      'porch-job-list',
      'porch-portal',
      'porch-resolution',
      'porch-service-requests',
      'porch-share-links',
      'porch-status-timeline',
      'porch-ticket-documents',
      'porch-ticket-infos',
      'porch-ticket-thread',
    ]);
  });
});
