import type { Appointment } from '../../api/types.js';
import { dateFormat } from '../../i18n/index.js';
import type { BookingTexts } from '../../i18n/index.js';

const LONG_DAY: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long' };

/** How the calendar names days and windows: always in the site's zone, and in the viewer's too when it differs. */
export class WhenFormat {
  constructor(
    private readonly locale: string,
    private readonly t: BookingTexts,
    private readonly siteZone: string,
    private readonly viewerZone: string,
  ) {}

  /** A calendar day (`YYYY-MM-DD`, a day at the site, not an instant). */
  day(date: string, options = LONG_DAY): string {
    return dateFormat(this.locale, 'UTC', options).format(new Date(`${date}T00:00:00Z`));
  }

  window(start: string, end: string): string {
    const range = (timeZone: string) =>
      dateFormat(this.locale, timeZone, { hour: 'numeric', minute: '2-digit' }).formatRange(
        new Date(start),
        new Date(end),
      );
    const atSite = range(this.siteZone);
    const mine = range(this.viewerZone);
    return mine === atSite ? `${atSite} ${this.t.atSite}` : `${atSite} ${this.t.atSite}, ${mine} ${this.t.yourTime}`;
  }

  appointment({ date, start, end }: Appointment): string {
    return `${this.day(date)}, ${this.window(start, end)}`;
  }
}
