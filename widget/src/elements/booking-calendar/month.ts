/** Calendar arithmetic on `YYYY-MM-DD` strings (days at the service site, never instants). */

const DAY_MS = 86_400_000;

export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** 1 = Monday … 7 = Sunday. */
export const isoWeekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;

export const monthOf = (date: string) => date.slice(0, 7);

export function addMonths(month: string, count: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const lastDayOf = (month: string) => addDays(`${addMonths(month, 1)}-01`, -1);

/** The same day of the month in another month, clamped to its length (31 January + 1 month → 28/29 February). */
export function shiftMonth(date: string, count: number): string {
  const month = addMonths(monthOf(date), count);
  const last = lastDayOf(month);
  const day = `${month}-${date.slice(8)}`;
  return day > last ? last : day;
}

/** Today in a time zone. */
export const todayIn = (timeZone?: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());

interface WeekInfo {
  firstDay: number;
}

/** The first day of the week for a locale (1 = Monday, 7 = Sunday), from Intl.Locale week info where supported. */
export function firstDayOfWeek(locale: string): number {
  try {
    const intl = new Intl.Locale(locale).maximize() as Intl.Locale & {
      getWeekInfo?: () => WeekInfo;
      weekInfo?: WeekInfo;
    };
    const info = intl.getWeekInfo?.() ?? intl.weekInfo;
    if (info) return info.firstDay;
    return ['US', 'CA', 'JP', 'BR', 'MX', 'IL', 'PH', 'KR', 'TW', 'AU'].includes(intl.region ?? '') ? 7 : 1;
  } catch {
    return 1;
  }
}

/** The weeks (rows of 7 dates, null outside the month) of a month grid starting on `firstDay`. */
export function weeksOf(month: string, firstDay: number): (string | null)[][] {
  const first = `${month}-01`;
  const last = lastDayOf(month);
  const lead = (isoWeekday(first) - firstDay + 7) % 7;
  const weeks: (string | null)[][] = [];
  let row: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let day = first; day <= last; day = addDays(day, 1)) {
    row.push(day);
    if (row.length === 7) {
      weeks.push(row);
      row = [];
    }
  }
  if (row.length) weeks.push([...row, ...Array.from({ length: 7 - row.length }, () => null)]);
  return weeks;
}

/**
 * Where a key moves the focused day in a month grid (the WAI-ARIA grid pattern): arrows by day and week,
 * Home/End to the week's ends, PageUp/PageDown by month. Null for any other key.
 */
export function keyTarget(key: string, from: string, firstDay: number): string | null {
  const column = (isoWeekday(from) - firstDay + 7) % 7;
  switch (key) {
    case 'ArrowLeft':
      return addDays(from, -1);
    case 'ArrowRight':
      return addDays(from, 1);
    case 'ArrowUp':
      return addDays(from, -7);
    case 'ArrowDown':
      return addDays(from, 7);
    case 'Home':
      return addDays(from, -column);
    case 'End':
      return addDays(from, 6 - column);
    case 'PageUp':
      return shiftMonth(from, -1);
    case 'PageDown':
      return shiftMonth(from, 1);
    default:
      return null;
  }
}
