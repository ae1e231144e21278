/**
 * The API contract types the widget uses. Type-only re-exports: nothing from `api/` reaches the bundle.
 */
export type {
  LoginLinkRequested,
  PortalSession,
  PortalShareLink,
  PortalShareLinkCreated,
  Scope,
} from '../../../api/src/schemas/contract/access.js';
export type {
  Appointment,
  BookingAvailability,
  BookingDay,
  BookingDayReason,
  BookingDayState,
  BookingMarker,
  BookingResult,
  BookingSlot,
  BookingSlots,
  VisitProblem,
} from '../../../api/src/schemas/contract/booking.js';
export type { PortalTicketComment, PortalTicketComments } from '../../../api/src/schemas/contract/comments.js';
export type { TicketDocument, TicketDocuments } from '../../../api/src/schemas/contract/documents.js';
export type {
  ErrorCode,
  ErrorEnvelope,
  /** A value in the API; here only its literal type, for `typeof`. */
  PORTAL_DISABLED_DEFAULT,
} from '../../../api/src/schemas/contract/errors.js';
export type {
  FeedbackAnswers,
  FeedbackQuestion,
  PortalFeedback,
  PortalFeedbackState,
} from '../../../api/src/schemas/contract/feedback.js';
export type { PortalInvoice } from '../../../api/src/schemas/contract/invoices.js';
export type { PortalJob, PortalJobPage } from '../../../api/src/schemas/contract/jobs.js';
export type { LocalizedText } from '../../../api/src/schemas/contract/languages.js';
export type { PortalMessage, PortalMessages } from '../../../api/src/schemas/contract/messages.js';
export type { Density, Module, PortalMe, ThemeTokens } from '../../../api/src/schemas/contract/portal.js';
export type {
  PortalServiceRequest,
  PortalServiceRequests,
  ServiceRequestInput,
  ServiceRequestStatus,
  Urgency,
} from '../../../api/src/schemas/contract/service-requests.js';
export type {
  PortalApproach,
  PortalResolution,
  PortalTicket,
  StatusKey,
  StatusLabels,
  StepState,
  TicketStreamMessage,
} from '../../../api/src/schemas/contract/tickets.js';
