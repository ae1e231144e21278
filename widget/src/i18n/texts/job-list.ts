import type { CommonTexts } from '../translation.js';

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
