/**
 * Registers every element under its `porch-` tag, and exports what `./index.ts` exports. The classic-script entry
 * (`dist/porchlight.iife.js`, the classes as `window.Porchlight`) and the package's side-effect entry
 * (`@porchlight/widget/define`). A tag another copy of Porchlight already registered keeps that copy's element.
 *
 * @example
 * <script src="https://api.example.com/widget/porchlight.iife.js"></script>
 * <porch-portal></porch-portal>
 */
import {
  PorchBookingCalendar,
  PorchFeedbackForm,
  PorchInvoiceList,
  PorchJobList,
  PorchPortal,
  PorchResolution,
  PorchServiceRequests,
  PorchShareLinks,
  PorchStatusTimeline,
  PorchTicketDocuments,
  PorchTicketInfos,
  PorchTicketThread,
} from './index.js';

PorchPortal.define('porch-portal');
PorchStatusTimeline.define('porch-status-timeline');
PorchShareLinks.define('porch-share-links');
PorchBookingCalendar.define('porch-booking-calendar');
PorchTicketInfos.define('porch-ticket-infos');
PorchFeedbackForm.define('porch-feedback-form');
PorchResolution.define('porch-resolution');
PorchJobList.define('porch-job-list');
PorchInvoiceList.define('porch-invoice-list');
PorchTicketDocuments.define('porch-ticket-documents');
PorchServiceRequests.define('porch-service-requests');
PorchTicketThread.define('porch-ticket-thread');

export * from './index.js';
