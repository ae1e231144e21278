import { createContext } from '@lit/context';
import type { PorchClient } from '../api/client.js';
import type { PortalTicket, Scope } from '../api/types.js';

/** What `<porch-portal>` hands to the elements it hosts. */
export interface PorchContextValue {
  /** A client that already carries the session. */
  client: PorchClient;
  session: { scopes: Scope[]; ticketId: string | null };
  /** The session's ticket as the portal's first answer carried it: the timeline shows it without loading it. */
  ticket?: PortalTicket;
}

export const porchContext = createContext<PorchContextValue | undefined>(Symbol('porch'));
