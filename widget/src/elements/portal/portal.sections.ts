import { html, nothing, type TemplateResult } from 'lit';
import type { PortalMe, Scope } from '../../api/types.js';
import { warn } from '../../internal/porch-element.js';
import type { PortalTexts } from '../../i18n/index.js';

/** A tab of the portal, shown when the session has its scope and its element loads. */
export interface PortalSection {
  scope: Scope;
  /** The tab's label (`tabs` of the portal's texts). */
  label: (t: PortalTexts) => string;
  /** Loads and defines the hosted elements this session will see; their modules stay out of the portal's chunk. */
  load: (me: PortalMe) => Promise<void>;
  render: (me: PortalMe) => TemplateResult;
  /** Shown only for a session bound to one ticket (a ticket link), not a customer-wide login. */
  ticketOnly?: boolean;
}

/** Share links are managed under the timeline of the shown ticket, by any session but a shared view. */
const sharesTicket = (me: PortalMe) => (me.canShare ? me.latestTicketId : null);

/** The portal's tabs, in order. A new element adds one entry here (and its label in the portal's `tabs` texts). */
export const SECTIONS: PortalSection[] = [
  {
    scope: 'track',
    label: (t) => t.tabs.track!,
    load: (me) =>
      Promise.all([
        import('../status-timeline/status-timeline.js').then((m) =>
          m.PorchStatusTimeline.define('porch-status-timeline'),
        ),
        // Optional: the timeline shows even when these chunks cannot be loaded.
        me.latestTicketId &&
          import('../ticket-infos/ticket-infos.js').then(
            (m) => m.PorchTicketInfos.define('porch-ticket-infos'),
            () => warn('load-failed', '<porch-ticket-infos> could not be loaded.'),
          ),
        sharesTicket(me) &&
          import('../share-links/share-links.js').then(
            (m) => m.PorchShareLinks.define('porch-share-links'),
            () => warn('load-failed', '<porch-share-links> could not be loaded.'),
          ),
      ]).then(() => undefined),
    render: (me) => {
      const shared = sharesTicket(me);
      return html`<porch-status-timeline ticket-id=${me.latestTicketId ?? nothing}></porch-status-timeline> ${
          me.latestTicketId
            ? html`<porch-ticket-infos
                part="ticket-infos"
                class="ticket-infos"
                ticket-id=${me.latestTicketId}
                company=${me.company.name}
              ></porch-ticket-infos>`
            : nothing
        }
        ${shared ? html`<porch-share-links part="share-links" class="share-links" ticket-id=${shared}></porch-share-links>` : nothing}`;
    },
  },
  {
    scope: 'book',
    ticketOnly: true,
    label: (t) => t.tabs.book!,
    load: () =>
      import('../booking-calendar/booking-calendar.js').then((m) =>
        m.PorchBookingCalendar.define('porch-booking-calendar'),
      ),
    render: (me) => html`<porch-booking-calendar ticket-id=${me.ticketId ?? nothing}></porch-booking-calendar>`,
  },
  {
    scope: 'invoices',
    label: (t) => t.tabs.invoices!,
    load: () => import('../invoice-list/invoice-list.js').then((m) => m.PorchInvoiceList.define('porch-invoice-list')),
    render: () => html`<porch-invoice-list></porch-invoice-list>`,
  },
];
