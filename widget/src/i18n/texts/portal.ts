import type { Scope } from '../../api/types.js';
import type { CommonTexts, Plural } from '../translation.js';

/** `<porch-portal>`. */
export interface PortalTexts extends CommonTexts {
  greeting: (name: string) => string;
  companySite: (company: string) => string;
  noToken: string;
  linkExpired: string;
  /** A share link revoked by whoever shared it, or run out: its holder has no newer link of their own. */
  shareEnded: string;
  linkUsed: string;
  linkInvalid: string;
  sessionEnded: string;
  disabled: string;
  disabledTitle: string;
  /** Tab labels, one per section the scopes may show. */
  tabs: Partial<Record<Scope, string>>;
  sections: string;
  /** "Email me a new link" form. */
  askTitle: string;
  emailLabel: string;
  send: string;
  sending: string;
  /** Said whether or not the address is known: the answer never tells. */
  sent: string;
  /** How long the new link works, in the tenant's configured minutes. */
  lifetime: Plural;
  invalidEmail: string;
  tooMany: string;
  sendFailed: string;
  /** The customer-wide portal: back from one job to the job list. */
  backToJobs: string;
  /** Ends the session on the server and forgets it in this browser. */
  signOut: string;
  /** Also signs out every device the customer chose to stay signed in on. */
  signOutEverywhere: string;
  /** Opt-in for a customer-wide session: a refresh token kept in this browser for 30 days. */
  keepSignedIn: string;
  signedOut: string;
}
