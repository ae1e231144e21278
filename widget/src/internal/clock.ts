import { dateFormat } from '../i18n/index.js';

/** The viewer's IANA zone: the browser's. */
export const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

export const TIME: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
export const DAY_TIME: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
};
export const DATE_TIME: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
};
const LONG_DAY: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long' };

const offset = (zone: string, at: Date) =>
  dateFormat('en', zone, { timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;

/**
 * The widget's one clock: every instant shows in the site's zone, and carries the zone's name in the viewer's
 * language ("7:40 PM Japan Time") whenever the viewer's zone is at another offset at that instant — so a page
 * never mixes zones and a visitor from elsewhere is never misled. Calendar days (`YYYY-MM-DD`) are days at the
 * site, not instants, and show as they are.
 */
export class SiteClock {
  constructor(
    readonly locale: string,
    readonly siteZone: string,
    readonly viewer: string = viewerZone(),
  ) {}

  /** Whether times at `at` need the zone's name: the viewer's clock reads otherwise. */
  labelled(at: Date): boolean {
    return offset(this.siteZone, at) !== offset(this.viewer, at);
  }

  // A day alone (no hour) needs no zone's name: it is the day at the site.
  #format(at: Date, options: Intl.DateTimeFormatOptions, label = this.labelled(at)) {
    const named = label && options.hour !== undefined;
    return dateFormat(this.locale, this.siteZone, named ? { ...options, timeZoneName: 'shortGeneric' } : options);
  }

  /** An instant (ISO 8601) at the site, labelled when the viewer's zone differs. */
  format(iso: string, options: Intl.DateTimeFormatOptions = DAY_TIME): string {
    const at = new Date(iso);
    return this.#format(at, options).format(at);
  }

  /**
   * A window's two ends: `from` in `options`, `to` only as a time when both fall on one day at the site; the zone's
   * name, when needed, once at the end.
   */
  span(fromIso: string, toIso: string, options: Intl.DateTimeFormatOptions = DAY_TIME): { from: string; to: string } {
    const from = new Date(fromIso);
    const to = new Date(toIso);
    const label = this.labelled(from) || this.labelled(to);
    const day = dateFormat('en', this.siteZone, { dateStyle: 'short' });
    const sameDay = day.format(from) === day.format(to);
    return {
      from: this.#format(from, options, false).format(from),
      to: this.#format(to, sameDay ? TIME : options, label).format(to),
    };
  }

  /** A window as one range, "10:00 AM – 12:00 PM", with the zone's name when needed. */
  range(fromIso: string, toIso: string, options: Intl.DateTimeFormatOptions = TIME): string {
    const from = new Date(fromIso);
    const to = new Date(toIso);
    return this.#format(from, options, this.labelled(from) || this.labelled(to)).formatRange(from, to);
  }

  /** A calendar day at the site (`YYYY-MM-DD`), never shifted by a zone. */
  day(date: string, options: Intl.DateTimeFormatOptions = LONG_DAY): string {
    return dateFormat(this.locale, 'UTC', options).format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
  }
}
