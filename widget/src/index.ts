/**
 * The package's main entry (`@porchlight/widget`): every element class, event class and the API client, with no
 * side effects — nothing is registered. Define what you use under the tags you choose, or import
 * `@porchlight/widget/define` to register every element under its `porch-` tag.
 *
 * @example
 * import { PorchStatusTimeline } from '@porchlight/widget';
 * PorchStatusTimeline.define('porch-status-timeline');
 */
export { PorchClient } from './api/client.js';
export { PorchApiError } from './api/errors.js';
export type * from './api/types.js';
export { PorchBookingCalendar } from './elements/booking-calendar/booking-calendar.js';
export { PorchFeedbackForm } from './elements/feedback-form/feedback-form.js';
export { PorchInvoiceList } from './elements/invoice-list/invoice-list.js';
export { PorchJobList } from './elements/job-list/job-list.js';
export { PorchPortal, type PortalTheme } from './elements/portal/portal.js';
export { PorchResolution } from './elements/resolution/resolution.js';
export { PorchServiceRequests } from './elements/service-requests/service-requests.js';
export { PorchShareLinks } from './elements/share-links/share-links.js';
export { PorchStatusTimeline } from './elements/status-timeline/status-timeline.js';
export { PorchTicketDocuments } from './elements/ticket-documents/ticket-documents.js';
export { PorchTicketInfos } from './elements/ticket-infos/ticket-infos.js';
export { PorchTicketThread } from './elements/ticket-thread/ticket-thread.js';
export { PorchBookedEvent } from './events/booked.js';
export { PorchDocumentUploadedEvent } from './events/document-uploaded.js';
export { PorchErrorEvent } from './events/error.js';
export { PorchFeedbackSubmittedEvent } from './events/feedback-submitted.js';
export { PorchJobSelectedEvent } from './events/job-selected.js';
export { PorchPaidEvent } from './events/paid.js';
export { PorchRescheduledEvent } from './events/rescheduled.js';
export { PorchServiceRequestedEvent } from './events/service-requested.js';
export { PorchSessionEvent } from './events/session.js';
export { PorchShareCreatedEvent } from './events/share-created.js';
export { PorchShareRevokedEvent } from './events/share-revoked.js';
export { PorchStatusChangedEvent } from './events/status-changed.js';
export { PorchTicketResolvedEvent } from './events/ticket-resolved.js';
