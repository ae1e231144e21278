import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { css } from 'lit';
import { PorchBookingCalendar } from '../elements/booking-calendar/booking-calendar.js';
import { askStyles } from '../elements/portal/portal.ask.js';
import { PorchPortal } from '../elements/portal/portal.js';
import { PorchServiceRequests } from '../elements/service-requests/service-requests.js';
import { PorchShareLinks } from '../elements/share-links/share-links.js';
import { PorchStatusTimeline } from '../elements/status-timeline/status-timeline.js';
import { PorchTicketInfos } from '../elements/ticket-infos/ticket-infos.js';
import { PorchTicketThread } from '../elements/ticket-thread/ticket-thread.js';
import {
  blockApi,
  createTicketLink,
  documented,
  part,
  porchProperties,
  privateTokenProblems,
  shadow,
  unblockApi,
} from '../testing/fixtures.js';
import { clearHash } from '../testing/portal.js';

PorchPortal.define('porch-portal');
PorchStatusTimeline.define('porch-status-timeline');
PorchShareLinks.define('porch-share-links');
PorchBookingCalendar.define('porch-booking-calendar');
PorchTicketInfos.define('porch-ticket-infos');
PorchTicketThread.define('porch-ticket-thread');

/** Each element, its styles, and the source files (under widget/src) whose templates render its parts. */
const ELEMENTS = [
  {
    tag: 'porch-portal',
    // With the new-link form's, which the portal adopts when the form's module loads.
    styles: [PorchPortal.styles, askStyles],
    files: [
      'elements/portal/portal.ts',
      'elements/portal/portal.sections.ts',
      'elements/portal/portal.tabs.ts',
      'elements/portal/portal.view.ts',
      'elements/portal/portal.ask.ts',
      'elements/portal/portal.jobs.ts',
    ],
  },
  {
    tag: 'porch-status-timeline',
    styles: PorchStatusTimeline.styles,
    files: ['elements/status-timeline/status-timeline.ts', 'elements/status-timeline/approach-map.ts'],
  },
  { tag: 'porch-share-links', styles: PorchShareLinks.styles, files: ['elements/share-links/share-links.ts'] },
  {
    tag: 'porch-booking-calendar',
    styles: PorchBookingCalendar.styles,
    files: [
      'elements/booking-calendar/booking-calendar.ts',
      'elements/booking-calendar/legend.ts',
      'elements/booking-calendar/grid.ts',
      'elements/booking-calendar/slots.ts',
      'elements/booking-calendar/intro.ts',
    ],
  },
  {
    tag: 'porch-ticket-infos',
    styles: PorchTicketInfos.styles,
    files: ['elements/ticket-infos/ticket-infos.ts', 'internal/links.ts'],
  },
  {
    tag: 'porch-service-requests',
    styles: PorchServiceRequests.styles,
    files: ['elements/service-requests/service-requests.ts'],
  },
  {
    tag: 'porch-ticket-thread',
    styles: PorchTicketThread.styles,
    files: ['elements/ticket-thread/ticket-thread.ts', 'internal/links.ts'],
  },
];

const read = (path: string) => executeServerCommand<string, { path: string }>('read-source', { path });

/**
 * The part names templates can render: literal names in `part="…"` and in the string literals of its `${…}`
 * expressions, and prefixes written as `name-${…}` (any documented part that starts with one counts).
 */
function templateParts(source: string): { names: Set<string>; prefixes: string[] } {
  const names = new Set<string>();
  const prefixes: string[] = [];
  for (const [, value] of source.matchAll(/\spart=("[^"]*"|\$\{[^}]*\})/g)) {
    const literal = value!.startsWith('"') ? value!.slice(1, -1).replace(/\$\{[^}]*\}/g, ' ') : '';
    for (const word of literal.split(/\s+/)) if (word && !word.endsWith('-')) names.add(word);
    for (const [, prefix] of value!.matchAll(/([a-z][a-z-]*-)\$\{/g)) prefixes.push(prefix!);
    for (const [, quoted] of value!.matchAll(/[?:]\s*'([^']*)'/g))
      for (const word of quoted!.split(/\s+/)) if (word) names.add(word);
  }
  return { names, prefixes };
}

const rgb = (hex: string) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
};

describe('theming', () => {
  afterEach(async () => {
    clearHash();
    await unblockApi();
  });

  for (const { tag, styles, files } of ELEMENTS) {
    describe(`<${tag}>`, () => {
      it('defines every private --_ token it uses, and uses every one it defines', () => {
        expect(privateTokenProblems(styles)).to.deep.equal([]);
      });

      it('documents exactly the --porch-* tokens its styles read', async () => {
        const { properties } = await documented(files[0]!);
        expect(porchProperties(styles)).to.deep.equal(properties);
      });

      it('documents exactly the parts its templates render', async () => {
        const { parts } = await documented(files[0]!);
        const { names, prefixes } = templateParts((await Promise.all(files.map(read))).join('\n'));
        const rendered = (name: string) => names.has(name) || prefixes.some((prefix) => name.startsWith(prefix));
        expect(
          parts.filter((name) => !rendered(name)),
          'documented, never rendered',
        ).to.deep.equal([]);
        expect(
          [...names].filter((name) => !parts.includes(name)),
          'rendered, never documented',
        ).to.deep.equal([]);
      });
    });
  }

  it('finds a private token used but never defined, one defined but never used, and parts in templates', () => {
    const broken = css`
      :host {
        --_defined-only: 1px;
      }
      p {
        margin: var(--_used-only);
      }
    `;
    expect(privateTokenProblems(broken)).to.deep.equal([
      '--_defined-only is defined but unused',
      '--_used-only is used but undefined',
    ]);
    const { names, prefixes } = templateParts(
      `<i part="a b"></i><i part="day day-\${state}\${on ? ' day-selected' : ''}"></i><i part=\${x ? 'c' : 'c d'}>`,
    );
    expect([...names].sort()).to.deep.equal(['a', 'b', 'c', 'd', 'day', 'day-selected']);
    expect(prefixes).to.deep.equal(['day-']);
  });

  describe('<porch-portal theme>', () => {
    it('wears the theme given on the tag on its loading and error screens, before the API answers', async () => {
      const { api, token } = await createTicketLink();
      await blockApi(api);
      location.hash = `porch=${token}`;
      const el = await fixture<PorchPortal>(
        html`<porch-portal api=${api} theme='{"primary":"#c2410c","radius":"3px"}'></porch-portal>`,
      );
      const spinner = shadow(el).querySelector('.spinner');
      expect(spinner, 'the loading screen').to.exist;
      expect(getComputedStyle(spinner!).borderTopColor).to.equal(rgb('#c2410c'));
      await waitUntil(() => part(el, 'error'), 'the portal never showed its error', { timeout: 5000 });
      const retry = part(el, 'error')!.querySelector('button')!;
      expect(getComputedStyle(retry).backgroundColor).to.equal(rgb('#c2410c'));
      expect(getComputedStyle(part(el, 'base')!).borderTopLeftRadius).to.equal('3px');
    });

    it('keeps the page’s own CSS on porch-portal over the theme property', async () => {
      const { api, token } = await createTicketLink();
      await blockApi(api);
      location.hash = `porch=${token}`;
      const el = await fixture<PorchPortal>(
        html`<porch-portal api=${api} style="--porch-color-primary: #15803d"></porch-portal>`,
      );
      el.theme = { primary: '#c2410c' };
      await el.updateComplete;
      expect(getComputedStyle(shadow(el).querySelector('.spinner')!).borderTopColor).to.equal(rgb('#15803d'));
    });

    it('turns dark when the page asks (theme="dark"), passes axe, and stays light otherwise', async () => {
      for (const mode of ['light', 'dark'] as const) {
        const { api, token } = await createTicketLink({ status: 'dispatched' });
        location.hash = `porch=${token}`;
        const el = await fixture<PorchPortal>(html`<porch-portal api=${api} theme=${mode}></porch-portal>`);
        await waitUntil(() => part(el, 'salutation'), 'the portal never opened', { timeout: 5000 });
        const timeline = shadow(el).querySelector('porch-status-timeline')!;
        await waitUntil(() => part(timeline, 'base'), 'the hosted timeline never loaded');
        const surface = getComputedStyle(part(el, 'base')!).backgroundColor;
        expect(surface, mode).to.equal(mode === 'dark' ? rgb('#0f172a') : rgb('#ffffff'));
        expect(getComputedStyle(part(timeline, 'title')!).color, `the hosted timeline's text, ${mode}`).to.equal(
          mode === 'dark' ? rgb('#e2e8f0') : rgb('#1e293b'),
        );
        await expect(el).to.be.accessible();
        el.remove();
        clearHash();
      }
    });
  });
});
