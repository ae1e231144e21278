import type { BookingDayReason, PortalTicket, Scope, StatusKey, StatusLabels, StepState } from '../api/types.js';

/** A language the widget speaks: the languages a profile may label its statuses in. */
export type Lang = keyof StatusLabels;

/**
 * A text per plural category of `Intl.PluralRules` (`one`, `few`, `many` …; `other` always), `#` standing for the
 * number. Languages use the categories they have: English `one` and `other`, Arabic all six.
 */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** What every element may say alike; each namespace below has them, and may say them its own way. */
export interface CommonTexts {
  loading: string;
  error: string;
  retry: string;
}

/** `<porch-status-timeline>`. */
export interface TimelineTexts extends CommonTexts {
  status: Record<StatusKey, string>;
  /** Said after a step label to screen readers, so the state is not told by colour alone. */
  state: Record<StepState, string>;
  empty: string;
  progress: string;
  /** Label before the technician's first name. */
  technician: string;
  eta: (from: string, to: string) => string;
  statusChanged: (status: string) => string;
  reference: (reference: string) => string;
  /** Quiet note while the live connection is being restored. */
  reconnecting: string;
  /** The ticket is paused or called off. */
  hold: Record<NonNullable<PortalTicket['hold']>, string>;
  /** The technician is on the way, still too far off to say more. */
  onTheWay: string;
  /** The technician is close: distance in km and minutes to arrival, both already formatted. */
  away: (km: string, minutes: string) => string;
  /** Text alternative of the map of the technician's position. */
  map: string;
}

/** `<porch-portal>`. */
export interface PortalTexts extends CommonTexts {
  greeting: (name: string) => string;
  companySite: (company: string) => string;
  noToken: string;
  linkExpired: string;
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

/** `<porch-booking-calendar>`. */
export interface BookingTexts extends CommonTexts {
  title: string;
  previousMonth: string;
  nextMonth: string;
  showLegend: string;
  hideLegend: string;
  legendTitle: string;
  /** What each day state and marker means; also the text a screen reader hears for a day. */
  state: {
    unchecked: string;
    checking: string;
    available: string;
    limited: string;
    full: string;
    closed: string;
    unmatched: string;
    selected: string;
  };
  marker: { current: string; 'sla-earliest': string; 'sla-latest': string; 'parts-begin': string; 'parts-end': string };
  reason: Record<BookingDayReason, string>;
  slotReason: { past: string; full: string; no_engineer: string };
  windowsOn: (day: string) => string;
  noWindows: string;
  atSite: string;
  yourTime: string;
  unavailable: string;
  current: (when: string) => string;
  cutoff: (hours: number) => string;
  confirm: string;
  book: string;
  move: string;
  booking: string;
  booked: (when: string) => string;
  taken: string;
  failed: (code: string) => string;
  addToCalendar: string;
  visitSummary: string;
  waitlistJoin: string;
  waitlisted: string;
}

/** `<porch-share-links>`. */
export interface ShareLinksTexts extends CommonTexts {
  /** The disclosure button. */
  toggle: string;
  /** What the person gets, and what they do not. */
  intro: string;
  labelField: string;
  labelHint: string;
  create: string;
  creating: string;
  /** Label of the read-only field holding the new link, with whom it is for when the customer said. */
  createdFor: (label: string | null) => string;
  shownOnce: string;
  copy: string;
  copied: string;
  /** When the clipboard cannot be written: the link is selected instead. */
  copySelected: string;
  listTitle: string;
  empty: string;
  /** A link the customer gave no label. */
  unnamed: string;
  /** Each said before a date and time. */
  created: string;
  lastUsed: string;
  neverUsed: string;
  expires: string;
  expired: string;
  revoked: string;
  revoke: string;
  /** The accessible name of a Revoke button: which link it revokes. */
  revokeNamed: (label: string) => string;
  confirmQuestion: string;
  confirmRevoke: string;
  cancel: string;
  announceCreated: string;
  announceRevoked: string;
  loadFailed: string;
  /** 403 SHARE_NOT_ALLOWED: this session is itself a shared view. */
  notAllowed: string;
  createFailed: string;
  revokeFailed: string;
  /** 429 RATE_LIMITED. */
  tooMany: string;
}

/** `<porch-ticket-infos>`. */
export interface TicketInfosTexts extends CommonTexts {
  /** The list's heading, naming the company when it is known. */
  heading: (company: string | null) => string;
  /** A comment the customer wrote (the company's infos carry no author line). */
  fromYou: string;
  loadFailed: string;
}

/** `<porch-feedback-form>`. */
export interface FeedbackTexts extends CommonTexts {
  title: string;
  /** Legend of the star rating. */
  rating: string;
  /** A star's name, e.g. "4 stars". */
  stars: Plural;
  ratingRequired: string;
  yes: string;
  no: string;
  comment: string;
  /** Characters left in the comment, the number already formatted. */
  charactersLeft: (left: string) => string;
  submit: string;
  submitting: string;
  thanks: string;
  /** "Your rating" before the stars given. */
  yourRating: string;
  yourComment: string;
  /** Feedback is not asked for yet: the visit is not completed (or the company collects none). */
  notYet: string;
  loadFailed: string;
  submitFailed: string;
  tooMany: string;
}

/** `<porch-resolution>`. */
export interface ResolutionTexts extends CommonTexts {
  resolve: string;
  /** The confirmation's question, naming the company when it is known. */
  question: (company: string | null) => string;
  confirm: string;
  cancel: string;
  resolving: string;
  /** The ticket is marked resolved; the date and time already formatted. */
  resolved: (when: string) => string;
  loadFailed: string;
  resolveFailed: string;
}

/** `<porch-job-list>`. */
export interface JobListTexts extends CommonTexts {
  activeTitle: string;
  historyTitle: string;
  /** No active jobs (or none matching the search). */
  noActive: string;
  noHistory: string;
  /** A search or filter is on and nothing matches. */
  noMatches: string;
  loadFailed: string;
  showMore: string;
  loadingMore: string;
  search: string;
  searchHint: string;
  searchTooShort: string;
  filters: string;
  status: string;
  anyStatus: string;
  from: string;
  to: string;
  location: string;
  apply: string;
  clear: string;
  reference: (reference: string) => string;
  technician: (name: string) => string;
  /** The booked visit, already formatted. */
  window: (when: string) => string;
  /** "updated 5 min ago", the relative time already formatted. */
  updated: (ago: string) => string;
  completedOn: (date: string) => string;
  hold: Record<'on_hold' | 'cancelled', string>;
  /** Screen-reader summary of a load: how many active jobs and history entries show. */
  counts: (active: number, history: number) => string;
}

/**
 * Every text of every element in one language, one namespace per element. English is the reference and is bundled
 * namespace by namespace with its element (`i18n/en/<namespace>.ts`); every other language is one module
 * (`i18n/<lang>.ts`), loaded the first time an element on the page needs it.
 */
/** `<porch-invoice-list>`. */
export interface InvoiceListTexts extends CommonTexts {
  heading: string;
  empty: string;
  loadFailed: string;
  number: string;
  date: string;
  dueDate: string;
  total: string;
  status: Record<'paid' | 'due' | 'overdue' | 'void', string>;
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  discount: (percent: string) => string;
  subtotal: string;
  taxAt: (rate: string, net: string) => string;
  paid: string;
  amountDue: string;
  details: (number: string) => string;
  download: string;
  downloadFailed: string;
  pay: string;
  payFailed: string;
  paidNotice: string;
  cancelledNotice: string;
}

export interface Translation {
  lang: Lang;
  timeline: TimelineTexts;
  portal: PortalTexts;
  booking: BookingTexts;
  shareLinks: ShareLinksTexts;
  ticketInfos: TicketInfosTexts;
  feedback: FeedbackTexts;
  resolution: ResolutionTexts;
  jobList: JobListTexts;
  invoiceList: InvoiceListTexts;
}

/** The namespaces of a Translation: one per element. */
export type Namespace = Exclude<keyof Translation, 'lang'>;
