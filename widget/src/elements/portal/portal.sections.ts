import { html, nothing, type TemplateResult } from 'lit';
import type { PortalJob, PortalMe, Scope } from '../../api/types.js';
import { warn } from '../../internal/porch-element.js';
import type { PortalTexts } from '../../i18n/index.js';

/** A tab of the portal, shown when the session has its scope and its element loads. */
export interface PortalSection {
  scope: Scope;
  /** The tab's label (`tabs` of the portal's texts). */
  label: (t: PortalTexts) => string;
  /** Loads and defines the hosted elements this session will see; their modules stay out of the portal's chunk. */
  load: (me: PortalMe) => Promise<void>;
  /** `job`: the job a customer-wide session opened, whose `sections` say what of the section it may show. */
  render: (me: PortalMe, job?: PortalJob) => TemplateResult;
  /** Shown only for a session bound to one ticket (a ticket link), not a customer-wide login. */
  ticketOnly?: boolean;
  /** About the customer, not one job: a customer-wide session shows it beside the job list too. */
  customerWide?: boolean;
}

/** Share links are managed under the timeline of the shown ticket, by any session but a shared view. */
const sharesTicket = (me: PortalMe) => (me.canShare ? me.latestTicketId : null);

/** The portal's tabs, in order. A new element adds one entry here (and its label in the portal's `tabs` texts). */
export const SECTIONS: PortalSection[] = [
  {
    scope: 'track',
    label: (t) => t.tabs.track!,
    load: (me) => {
      // Not awaited: the button sits below everything else and may upgrade a moment after the portal opens.
      if (sharesTicket(me)) {
        void import('../resolution/resolution.js').then(
          (m) => m.PorchResolution.define('porch-resolution'),
          () => warn('load-failed', '<porch-resolution> could not be loaded.'),
        );
      }
      return Promise.all([
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
      ]).then(() => undefined);
    },
    render: (me, job) => {
      const shared = sharesTicket(me);
      // The company's infos are the "updates" module of the job's profile.
      const updates = me.latestTicketId && (!job || job.sections.includes('updates'));
      return html`<porch-status-timeline ticket-id=${me.latestTicketId ?? nothing}></porch-status-timeline> ${
          updates
            ? html`<porch-ticket-infos
                part="ticket-infos"
                class="ticket-infos"
                ticket-id=${me.latestTicketId!}
                company=${me.company.name}
              ></porch-ticket-infos>`
            : nothing
        }
        ${
          shared
            ? html`<porch-resolution
                part="resolution"
                class="resolution"
                ticket-id=${shared}
                company=${me.company.name}
              ></porch-resolution>`
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
    scope: 'feedback',
    label: (t) => t.tabs.feedback!,
    load: () =>
      import('../feedback-form/feedback-form.js').then((m) => m.PorchFeedbackForm.define('porch-feedback-form')),
    render: (me) =>
      html`<porch-feedback-form ticket-id=${me.ticketId ?? me.latestTicketId ?? nothing}></porch-feedback-form>`,
  },
  {
    scope: 'invoices',
    customerWide: true,
    label: (t) => t.tabs.invoices!,
    load: () => import('../invoice-list/invoice-list.js').then((m) => m.PorchInvoiceList.define('porch-invoice-list')),
    render: () => html`<porch-invoice-list></porch-invoice-list>`,
  },
];
