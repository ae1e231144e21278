/**
 * The API contract types the widget uses. Type-only re-exports: nothing from `api/` reaches the bundle.
 */
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
  ErrorCode,
  ErrorEnvelope,
  LoginLinkRequested,
  /** A value in the API; here only its literal type, for `typeof`. */
  PORTAL_DISABLED_DEFAULT,
  PortalApproach,
  PortalInvoice,
  PortalMe,
  PortalSession,
  PortalShareLink,
  PortalShareLinkCreated,
  PortalTicket,
  PortalTicketComment,
  PortalTicketComments,
  Scope,
  StatusKey,
  StatusLabels,
  StepState,
  ThemeTokens,
  TicketStreamMessage,
} from '../../../api/src/schemas/contract.js';
