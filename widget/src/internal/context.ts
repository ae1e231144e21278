import { createContext } from '@lit/context';
import type { PorchClient } from '../api/client.js';
import type { Scope } from '../api/types.js';

/** What `<porch-portal>` hands to the elements it hosts. */
export interface PorchContextValue {
  /** A client that already carries the session. */
  client: PorchClient;
  session: { scopes: Scope[]; ticketId: string | null };
}

export const porchContext = createContext<PorchContextValue | undefined>(Symbol('porch'));
