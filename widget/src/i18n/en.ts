/**
 * The whole English translation in one object: the reference every language is checked against, and what tests read.
 * Elements never import it: each bundles only its own namespace from `./en/`.
 */
import type { Translation } from './translation.js';
import { booking } from './en/booking.js';
import { documents } from './en/documents.js';
import { feedback } from './en/feedback.js';
import { jobList } from './en/job-list.js';
import { portal } from './en/portal.js';
import { resolution } from './en/resolution.js';
import { shareLinks } from './en/share-links.js';
import { ticketInfos } from './en/ticket-infos.js';
import { ticketThread } from './en/ticket-thread.js';
import { invoiceList } from './en/invoice-list.js';
import { serviceRequests } from './en/service-requests.js';
import { timeline } from './en/timeline.js';

export const en: Translation = {
  lang: 'en',
  timeline,
  portal,
  booking,
  shareLinks,
  ticketInfos,
  feedback,
  resolution,
  jobList,
  invoiceList,
  documents,
  serviceRequests,
  ticketThread,
};
