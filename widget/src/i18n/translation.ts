import type { StatusLabels } from '../api/types.js';
import type { BookingTexts } from './texts/booking.js';
import type { DocumentsTexts } from './texts/documents.js';
import type { FeedbackTexts } from './texts/feedback.js';
import type { InvoiceListTexts } from './texts/invoice-list.js';
import type { JobListTexts } from './texts/job-list.js';
import type { PortalTexts } from './texts/portal.js';
import type { ResolutionTexts } from './texts/resolution.js';
import type { ServiceRequestsTexts } from './texts/service-requests.js';
import type { ShareLinksTexts } from './texts/share-links.js';
import type { TicketInfosTexts } from './texts/ticket-infos.js';
import type { TicketThreadTexts } from './texts/ticket-thread.js';
import type { TimelineTexts } from './texts/timeline.js';

/** A language the widget speaks: the languages a profile may label its statuses in. */
export type Lang = keyof StatusLabels;

/**
 * A text per plural category of `Intl.PluralRules` (`one`, `few`, `many` …; `other` always), `#` standing for the
 * number. Languages use the categories they have: English `one` and `other`, Arabic all six.
 */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** What every element may say alike; each namespace (`texts/`) has them, and may say them its own way. */
export interface CommonTexts {
  loading: string;
  error: string;
  retry: string;
  /** The API cannot be reached (NETWORK_ERROR): the connection, not the customer's link or data. */
  unreachable: string;
}

/**
 * Every text of every element in one language, one namespace per element. English is the reference and is bundled
 * namespace by namespace with its element (`i18n/en/<namespace>.ts`); every other language is one module
 * (`i18n/<lang>.ts`), loaded the first time an element on the page needs it.
 */
export interface Translation {
  lang: Lang;
  timeline: TimelineTexts;
  portal: PortalTexts;
  booking: BookingTexts;
  shareLinks: ShareLinksTexts;
  ticketInfos: TicketInfosTexts;
  feedback: FeedbackTexts;
  resolution: ResolutionTexts;
  jobList: JobListTexts;
  invoiceList: InvoiceListTexts;
  documents: DocumentsTexts;
  serviceRequests: ServiceRequestsTexts;
  ticketThread: TicketThreadTexts;
}

/** The namespaces of a Translation: one per element. */
export type Namespace = Exclude<keyof Translation, 'lang'>;
