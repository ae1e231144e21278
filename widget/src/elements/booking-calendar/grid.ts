import { html, nothing } from 'lit';
import type { BookingTexts } from '../../i18n/index.js';
import type { SiteClock } from '../../internal/clock.js';
import { dayText, GLYPH, MARKER_GLYPH, stateOf, type DayView } from './legend.js';
import { addDays, monthOf, weeksOf } from './month.js';

/** What the month grid shows and whom it tells. */
export interface GridView {
  t: BookingTexts;
  clock: SiteClock;
  month: string;
  weekStart: number;
  days: Map<string, DayView>;
  selected?: string;
  focused?: string;
  busy: boolean;
  onSelect: (date: string) => void;
  onKey: (event: KeyboardEvent) => void;
  onFocus: (event: FocusEvent) => void;
}

/** The one day of the shown month that takes Tab: the focused day, else the selected one, else the 1st. */
function tabStop({ focused, selected, month }: GridView): string {
  if (focused && monthOf(focused) === month) return focused;
  if (selected && monthOf(selected) === month) return selected;
  return `${month}-01`;
}

function renderDay(view: GridView, date: string | null, stop: string) {
  if (!date) return html`<td role="gridcell" class="blank"></td>`;
  const day = view.days.get(date) ?? 'unchecked';
  const state = stateOf(day);
  const selected = date === view.selected;
  const markers = typeof day === 'string' ? [] : day.markers;
  return html`<td
    role="gridcell"
    part="day day-${state}${selected ? ' day-selected' : ''}"
    class="day ${state}${selected ? ' selected' : ''}"
    data-date=${date}
    data-state=${state}
    tabindex=${date === stop ? 0 : -1}
    aria-selected=${selected ? 'true' : 'false'}
    @click=${() => view.onSelect(date)}
  >
    <span class="num" aria-hidden="true">${Number(date.slice(8))}</span>
    <span class="glyph" aria-hidden="true"
      >${GLYPH[state]}${markers.map((m) => html`<i class="marker ${m}">${MARKER_GLYPH[m]}</i>`)}</span
    >
    <span class="visually-hidden">${view.clock.day(date)}: ${dayText(view.t, day, selected)}</span>
  </td>`;
}

/** The month as a WAI-ARIA grid: one row per week, starting on `weekStart`. */
export function renderGrid(view: GridView) {
  const { weekStart, clock } = view;
  const weeks = weeksOf(view.month, weekStart);
  const header = weeks[0]!.map((_, i) => addDays('2024-01-01', (weekStart - 1 + i) % 7)); // 2024-01-01 was a Monday
  const stop = tabStop(view);
  return html`<table
    role="grid"
    part="grid"
    aria-labelledby="month"
    aria-busy=${view.busy ? 'true' : 'false'}
    @keydown=${view.onKey}
    @focusin=${view.onFocus}
  >
    <thead>
      <tr>
        ${header.map((d) => html`<th scope="col" abbr=${clock.day(d, { weekday: 'long' })}>${clock.day(d, { weekday: 'short' })}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${weeks.map(
        (week) =>
          html`<tr>
            ${week.map((date) => renderDay(view, date, stop))}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The month's name between the previous and next month buttons; `onShift` gets -1 or 1. */
export function renderHeader(t: BookingTexts, monthName: string, onShift: (months: number) => void) {
  return html`<div part="header" class="header">
    <button type="button" part="nav" class="nav" aria-label=${t.previousMonth} @click=${() => onShift(-1)}>‹</button>
    <h2 id="month" aria-live="polite">${monthName}</h2>
    <button type="button" part="nav" class="nav" aria-label=${t.nextMonth} @click=${() => onShift(1)}>›</button>
  </div>`;
}

/** Once the whole month is checked and no day has a free window: say so, with the company's phone. */
export function renderEmptyMonth(t: BookingTexts, days: Map<string, DayView>, monthName: string, phone: string | null) {
  const checked = [...days.values()];
  const free = (day: DayView) => typeof day === 'string' || day.state === 'available' || day.state === 'limited';
  if (checked.length === 0 || checked.some(free)) return nothing;
  return html`<p part="empty-month" class="empty-month" role="status">${t.noFreeDay(monthName, phone)}</p>`;
}
