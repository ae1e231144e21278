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
  /** Only for a customer-wide session (never a ticket link or one job's view). */
  customerOnly?: boolean;
  /** Shown in the tab after the label, e.g. a count. */
  badge?: (me: PortalMe) => TemplateResult;
}

/** Share links are managed under the timeline of the shown ticket, by any session but a shared view. */
const sharesTicket = (me: PortalMe) => (me.canShare ? me.latestTicketId : null);

/** The portal's tabs, in order. A new element adds one entry here (and its label in the portal's `tabs` texts). */
export const SECTIONS: PortalSection[] = [
  {
    scope: 'track',
    label: (t) => t.tabs.track!,
    load: (me) =>
      import('../status-timeline/status-timeline.js').then((m) => {
        m.PorchStatusTimeline.define('porch-status-timeline');
        // The status comes first: what sits below it loads once it shows (a macrotask after the portal's render),
        // and the timeline shows even when these chunks cannot be loaded.
        setTimeout(() => {
          const optional = (load: Promise<unknown>, tag: string) =>
            load.catch(() => warn('load-failed', `<${tag}> could not be loaded.`));
          if (me.latestTicketId && me.sections.includes('updates'))
            optional(
              import('../ticket-infos/ticket-infos.js').then((m) => m.PorchTicketInfos.define('porch-ticket-infos')),
              'porch-ticket-infos',
            );
          if (!sharesTicket(me)) return;
          optional(
            import('../resolution/resolution.js').then((m) => m.PorchResolution.define('porch-resolution')),
            'porch-resolution',
          );
          optional(
            import('../share-links/share-links.js').then((m) => m.PorchShareLinks.define('porch-share-links')),
            'porch-share-links',
          );
        });
      }),
    render: (me, job) => {
      const shared = sharesTicket(me);
      // The company's infos are the "updates" module of the ticket's (or the opened job's) profile.
      const updates = me.latestTicketId && (job ?? me).sections.includes('updates');
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
    scope: 'comments',
    label: (t) => t.tabs.comments!,
    // The messages and the documents both sides share on the ticket: one conversation, one tab.
    load: () =>
      Promise.all([
        import('../ticket-thread/ticket-thread.js').then((m) => m.PorchTicketThread.define('porch-ticket-thread')),
        import('../ticket-documents/ticket-documents.js').then((m) =>
          m.PorchTicketDocuments.define('porch-ticket-documents'),
        ),
      ]).then(() => undefined),
    render: (me) =>
      html`<porch-ticket-thread
          ticket-id=${me.ticketId ?? me.latestTicketId ?? nothing}
          company=${me.company.name}
        ></porch-ticket-thread>
        <porch-ticket-documents
          part="ticket-documents"
          class="ticket-documents"
          ticket-id=${me.ticketId ?? me.latestTicketId ?? nothing}
        ></porch-ticket-documents>`,
    badge: (me) =>
      html`<porch-ticket-thread
        class="tab-badge"
        badge
        ticket-id=${me.ticketId ?? me.latestTicketId ?? nothing}
      ></porch-ticket-thread>`,
  },
  {
    scope: 'invoices',
    customerWide: true,
    label: (t) => t.tabs.invoices!,
    load: () => import('../invoice-list/invoice-list.js').then((m) => m.PorchInvoiceList.define('porch-invoice-list')),
    render: () => html`<porch-invoice-list></porch-invoice-list>`,
  },
  {
    scope: 'requests',
    customerWide: true,
    customerOnly: true,
    label: (t) => t.tabs.requests!,
    load: () =>
      import('../service-requests/service-requests.js').then((m) =>
        m.PorchServiceRequests.define('porch-service-requests'),
      ),
    render: () => html`<porch-service-requests></porch-service-requests>`,
  },
];

/** The sections `me` may see: its scopes allow them, and the session (a ticket link or customer-wide) fits them. */
export function allowedSections(me: PortalMe): PortalSection[] {
  return SECTIONS.filter(
    (section) =>
      me.scopes.includes(section.scope) &&
      (!section.ticketOnly || me.ticketId) &&
      (!section.customerOnly || me.ticketId === null),
  );
}
