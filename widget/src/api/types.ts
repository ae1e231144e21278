/**
 * The API contract types the widget uses. Type-only re-exports: nothing from `api/` reaches the bundle.
 */
export type {
  ErrorCode,
  ErrorEnvelope,
  PortalMe,
  PortalSession,
  PortalTicket,
  Scope,
  StatusKey,
  StepState,
  ThemeTokens,
} from '../../../api/src/schemas/contract.js';
