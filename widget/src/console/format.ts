import { DATE_TIME, SiteClock, viewerZone } from '../internal/clock.js';

let clock = new SiteClock('en', viewerZone());

/**
 * The console's one clock (issue #20), the widget's SiteClock: every time shows in the company's zone (Settings →
 * Time zone) and carries the zone's name whenever the viewer's zone differs; until a zone is set, the viewer's own.
 * `<porch-console>` sets it from the settings at sign-in and when they are saved.
 */
export function useSiteZone(zone: string | null) {
  clock = new SiteClock('en', zone ?? viewerZone());
}

/** An instant the API sent, as a date and time at the company (the console is English only). */
export const formatTime = (iso: string) => clock.format(iso, DATE_TIME);

/** A window, "Dec 6, 2026, 9:00 AM – 11:00 AM", the zone's name once when needed. */
export function formatSpan(fromIso: string, toIso: string) {
  const { from, to } = clock.span(fromIso, toIso, DATE_TIME);
  return `${from} – ${to}`;
}

/** A day at the company (no time of day, so no zone's name). */
export const formatDay = (iso: string) => clock.format(iso, { dateStyle: 'medium' });
