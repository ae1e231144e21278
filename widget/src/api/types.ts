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
  PortalApproach,
  PortalMe,
  PortalSession,
  PortalShareLink,
  PortalShareLinkCreated,
  PortalTicket,
  PortalTicketComment,
  Scope,
  StatusKey,
  StatusLabels,
  StepState,
  ThemeTokens,
  TicketStreamMessage,
} from '../../../api/src/schemas/contract.js';
