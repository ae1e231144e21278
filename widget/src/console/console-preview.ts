import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { PorchClient } from '../api/client.js';
import type {
  PortalMe,
  PortalResolution,
  PortalShareLink,
  PortalTicket,
  StatusKey,
  ThemeTokens,
} from '../api/types.js';
import { PorchPortal } from '../elements/portal/portal.js';
import { fromProfile, writeTheme } from '../elements/portal/portal.theme.js';
import { viewerZone } from '../internal/clock.js';

const STEPS: StatusKey[] = ['received', 'scheduling', 'dispatched', 'on_route', 'onsite', 'completed', 'closed'];
const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const zone = viewerZone();

/** A ticket on its way: three steps done, the technician driving, an arrival window. */
function sampleTicket(): PortalTicket {
  const current = STEPS.indexOf('on_route');
  return {
    id: 'sample-ticket',
    reference: 'SR-1042',
    title: 'Printer repair: paper jam in tray 2',
    status: 'on_route',
    hold: null,
    timezone: zone,
    technician: { firstName: 'Sam' },
    eta: { from: minutesFromNow(20), to: minutesFromNow(50) },
    approach: { precision: 'coarse' },
    appointment: null,
    labels: {},
    steps: STEPS.map((status, i) => ({
      status,
      state: i < current ? 'done' : i === current ? 'current' : 'upcoming',
      at: i <= current ? minutesFromNow((i - current - 1) * 45) : null,
    })),
    updatedAt: minutesFromNow(-5),
  };
}

const SAMPLE_LINK: PortalShareLink = {
  id: 'sample-link',
  ticketId: 'sample-ticket',
  label: 'My neighbour',
  expiresAt: minutesFromNow(7 * 24 * 60),
  revokedAt: null,
  lastUsedAt: null,
  createdAt: minutesFromNow(-60),
  timezone: zone,
};

/** What of the profile the customer's header shows: the logo and the greeting, in the profile's language. */
export interface PreviewBrand {
  company: string;
  logoUrl: string | null;
  salutation: string | null;
  language: string;
}

/**
 * Answers the portal's reads with a sample session, ticket and share link and never reaches a server: a sample does
 * not move, so its event stream stays open and quiet until the element closes it. The preview is inert: nothing
 * writes.
 */
class SampleClient extends PorchClient {
  constructor(readonly brand: () => PreviewBrand) {
    super({ baseUrl: 'about:invalid' });
  }

  override withSession(): PorchClient {
    return this;
  }

  override me(): Promise<PortalMe> {
    const { company, logoUrl, salutation, language } = this.brand();
    return Promise.resolve({
      company: { name: company },
      // The theme is the preview's draft, given on the tag (over the profile's, as a page's would be).
      profile: {
        name: 'Preview',
        mode: 'tracking',
        // The portal shows only http(s) addresses; the API answers its logo's path on this origin.
        logoUrl: logoUrl && new URL(logoUrl, location.href).href,
        redirectUrl: null,
        salutation,
        language,
        theme: {},
      },
      customer: { name: 'Alex Morgan' },
      scopes: ['track'],
      ticketId: 'sample-ticket',
      latestTicketId: 'sample-ticket',
      canShare: true,
      sections: ['status'],
      ticket: sampleTicket(),
    });
  }

  override resolution(): Promise<PortalResolution> {
    return Promise.resolve({ resolvedAt: null, timezone: zone });
  }

  override ticket(): Promise<PortalTicket> {
    return Promise.resolve(sampleTicket());
  }

  override shareLinks(): Promise<{ items: PortalShareLink[] }> {
    return Promise.resolve({ items: [SAMPLE_LINK] });
  }

  override events(_id: string, _lastEventId: string | null, signal: AbortSignal): Promise<Response> {
    const body = new ReadableStream({
      start: (controller) => signal.addEventListener('abort', () => controller.close()),
    });
    return Promise.resolve(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
  }
}

/** `<porch-portal>` itself, on the sample client, leaving the console's address alone. */
class PreviewPortal extends PorchPortal {
  brand: PreviewBrand = { company: '', logoUrl: null, salutation: null, language: 'en' };
  protected override createClient(): PorchClient {
    return new SampleClient(() => this.brand);
  }
  protected override writeJobToAddress(): void {}
}
PreviewPortal.define('porch-console-preview-portal');

/**
 * @tagname porch-console-preview
 * The customer's portal, really rendered — the profile's logo and greeting over a sample ticket's timeline and share
 * links — in a phone frame (390 px) and a desktop frame, wearing `theme` as the tag's theme (over the profile's).
 * Inert: a look, not a place to click.
 */
@customElement('porch-console-preview')
export class PorchConsolePreview extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .frames {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem;
      align-items: flex-start;
    }
    figure {
      margin: 0;
      min-width: 0;
    }
    figcaption {
      font-weight: 600;
      margin-bottom: 0.25rem;
    }
    /* The screen inside the bezel is 390 px wide, as many phones are; a narrower console shows less. */
    .phone {
      width: min(406px, 100%);
    }
    .desktop {
      flex: 1 1 20rem;
      max-width: calc(44rem + 2px);
    }
    /* Positioned, so the elements' visually hidden live regions stay inside the scroller too. */
    .scroll {
      position: relative;
      overflow-x: auto;
      border: 1px solid #64748b;
      border-radius: 12px;
    }
    .phone .screen {
      border: 8px solid #1e293b;
      border-radius: 24px;
    }
    .screen {
      box-sizing: border-box;
      padding: 0.5rem;
      background: var(--porch-color-surface, #fff);
      color: var(--porch-color-text, #1e293b);
      color-scheme: inherit;
    }
    /* As wide as the portal's card grows (--porch-portal-max-width, 42rem), with its padding. */
    .desktop .screen {
      width: 43rem;
    }
  `;

  /** The theme as the profile stores it. */
  @property({ attribute: false }) theme: ThemeTokens = {};
  /** The company's name and the profile's logo, greeting and language. */
  @property({ attribute: false }) brand: PreviewBrand = {
    company: '',
    logoUrl: null,
    salutation: null,
    language: 'en',
  };

  // The frame wears the theme's surface and palette too, as the page around the card.
  readonly #sheet = new CSSStyleSheet();

  protected override createRenderRoot() {
    const root = super.createRenderRoot() as ShadowRoot;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.#sheet];
    return root;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('theme')) writeTheme(this.#sheet, fromProfile(this.theme));
  }

  override render() {
    // A new logo or greeting: new portals, which open their sample session again.
    const portal = () =>
      keyed(
        this.brand,
        html`<porch-console-preview-portal
          .brand=${this.brand}
          .theme=${fromProfile(this.theme)}
          token="sample"
          lang=${this.brand.language}
        ></porch-console-preview-portal>`,
      );
    return html`<div class="frames">
      <figure class="phone">
        <figcaption id="phone-caption">Phone, 390 px</figcaption>
        <div class="screen" inert>${portal()}</div>
      </figure>
      <figure class="desktop">
        <figcaption id="desktop-caption">Desktop</figcaption>
        <div class="scroll" role="region" aria-labelledby="desktop-caption" tabindex="0">
          <div class="screen" inert>${portal()}</div>
        </div>
      </figure>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-preview': PorchConsolePreview;
    'porch-console-preview-portal': PreviewPortal;
  }
}
