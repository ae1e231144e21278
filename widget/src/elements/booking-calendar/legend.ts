import { html } from 'lit';
import type { BookingDay, BookingMarker } from '../../api/types.js';
import type { BookingTexts } from '../../i18n/index.js';

/** A day as the calendar shows it: not asked yet, being checked, or the server's answer. */
export type DayView = 'unchecked' | 'checking' | BookingDay;
/** Symbols that carry each state besides colour. */
export const GLYPH = {
  unchecked: '·',
  checking: '…',
  available: '✓',
  limited: '▲',
  full: '✕',
  closed: '–',
  unmatched: '⊘',
} as const;
export const MARKER_GLYPH: Record<BookingMarker, string> = {
  current: '●',
  'sla-earliest': '⇤',
  'sla-latest': '⇥',
  'parts-begin': '▸',
  'parts-end': '◂',
};
const LEGEND: (keyof typeof GLYPH)[] = ['unchecked', 'checking', 'available', 'limited', 'full', 'closed', 'unmatched'];

export const stateOf = (day: DayView) => (typeof day === 'string' ? day : day.state);

/** What a screen reader hears for a day, and what the legend calls it. */
export function dayText(t: BookingTexts, day: DayView, selected: boolean): string {
  const parts: string[] = [t.state[stateOf(day)]];
  if (typeof day !== 'string') {
    if (day.reason) parts.push(t.reason[day.reason]);
    parts.push(...day.markers.map((marker) => t.marker[marker]));
  }
  if (selected) parts.push(t.state.selected);
  return parts.join(', ');
}

/**
 * Every state and marker with its symbol and words, so nothing is told by colour alone; each swatch has the
 * classes of a day cell, so it has the grid's own colours.
 */
export function renderLegend(t: BookingTexts, open: boolean) {
  const entry = (cls: string, glyph: string, label: string) =>
    html`<li><span class="swatch ${cls}" aria-hidden="true">${glyph}</span>${label}</li>`;
  return html`<ul part="legend" class="legend" id="legend" aria-label=${t.legendTitle} ?hidden=${!open}>
    ${(Object.keys(MARKER_GLYPH) as BookingMarker[]).map((m) => entry(`marker ${m}`, MARKER_GLYPH[m], t.marker[m]))}
    ${LEGEND.map((state) => entry(`day ${state}`, GLYPH[state], t.state[state]))}
    ${entry('day available selected', GLYPH.available, t.state.selected)}
  </ul>`;
}
