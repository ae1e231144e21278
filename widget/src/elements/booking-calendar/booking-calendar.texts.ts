import type { BookingDayReason } from '../../api/types.js';

/** Every text of `<porch-booking-calendar>`, per language (kept beside the element, out of the entry bundle). */
export interface BookingTexts {
  title: string;
  error: string;
  retry: string;
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

const en: BookingTexts = {
  title: 'Book your visit',
  error: 'The calendar could not be loaded.',
  retry: 'Try again',
  previousMonth: 'Previous month',
  nextMonth: 'Next month',
  showLegend: 'Show legend',
  hideLegend: 'Hide legend',
  legendTitle: 'What the calendar shows',
  state: {
    unchecked: 'Not checked yet',
    checking: 'Checking availability',
    available: 'Available',
    limited: 'Limited engineer availability: the dispatcher may move this visit',
    full: 'Unavailable: no free window',
    closed: 'Unavailable: weekend, bank holiday or service terms',
    unmatched: 'No engineer with the right skills, or parts not available',
    selected: 'Selected',
  },
  marker: {
    current: 'Current appointment',
    'sla-earliest': 'Earliest service date',
    'sla-latest': 'Latest service date',
    'parts-begin': 'Parts available from',
    'parts-end': 'Parts available until',
  },
  reason: {
    weekend: 'weekend',
    holiday: 'bank holiday',
    closed: 'closed',
    sla: 'outside the service terms',
    past: 'in the past',
    skills: 'no engineer with the right skills',
    parts: 'parts not available',
  },
  slotReason: { past: 'already begun', full: 'taken', no_engineer: 'no engineer' },
  windowsOn: (day) => `Windows on ${day}`,
  noWindows: 'No windows on this day.',
  atSite: 'at the site',
  yourTime: 'your time',
  unavailable: 'unavailable',
  current: (when) => `Your visit: ${when}`,
  cutoff: (hours) => `Changes are possible up to ${hours} hours before the visit.`,
  confirm: 'I confirm this appointment',
  book: 'Book',
  move: 'Move my visit',
  booking: 'Booking…',
  booked: (when) => `Booked: ${when}`,
  taken: 'Sorry, this window was just taken. Please choose another one.',
  failed: (code) => `The booking did not go through (${code}).`,
  addToCalendar: 'Add to calendar',
  visitSummary: 'Service visit',
  waitlistJoin: 'Tell me if an earlier window frees up',
  waitlisted: 'We will tell you if an earlier window frees up.',
};

const de: BookingTexts = {
  title: 'Termin buchen',
  error: 'Der Kalender konnte nicht geladen werden.',
  retry: 'Erneut versuchen',
  previousMonth: 'Vorheriger Monat',
  nextMonth: 'Nächster Monat',
  showLegend: 'Legende anzeigen',
  hideLegend: 'Legende ausblenden',
  legendTitle: 'Was der Kalender zeigt',
  state: {
    unchecked: 'Noch nicht geprüft',
    checking: 'Verfügbarkeit wird geprüft',
    available: 'Verfügbar',
    limited: 'Wenige Techniker frei: der Termin kann noch verschoben werden',
    full: 'Nicht verfügbar: kein freies Zeitfenster',
    closed: 'Nicht verfügbar: Wochenende, Feiertag oder Servicevertrag',
    unmatched: 'Kein Techniker mit passenden Fähigkeiten oder Teile nicht verfügbar',
    selected: 'Ausgewählt',
  },
  marker: {
    current: 'Aktueller Termin',
    'sla-earliest': 'Frühester Servicetermin',
    'sla-latest': 'Spätester Servicetermin',
    'parts-begin': 'Teile verfügbar ab',
    'parts-end': 'Teile verfügbar bis',
  },
  reason: {
    weekend: 'Wochenende',
    holiday: 'Feiertag',
    closed: 'geschlossen',
    sla: 'außerhalb des Servicevertrags',
    past: 'vergangen',
    skills: 'kein Techniker mit passenden Fähigkeiten',
    parts: 'Teile nicht verfügbar',
  },
  slotReason: { past: 'bereits begonnen', full: 'vergeben', no_engineer: 'kein Techniker' },
  windowsOn: (day) => `Zeitfenster am ${day}`,
  noWindows: 'An diesem Tag gibt es keine Zeitfenster.',
  atSite: 'vor Ort',
  yourTime: 'Ihre Zeit',
  unavailable: 'nicht verfügbar',
  current: (when) => `Ihr Termin: ${when}`,
  cutoff: (hours) => `Änderungen sind bis ${hours} Stunden vor dem Termin möglich.`,
  confirm: 'Ich bestätige diesen Termin',
  book: 'Buchen',
  move: 'Termin verschieben',
  booking: 'Wird gebucht…',
  booked: (when) => `Gebucht: ${when}`,
  taken: 'Dieses Zeitfenster wurde gerade vergeben. Bitte wählen Sie ein anderes.',
  failed: (code) => `Die Buchung ist nicht gelungen (${code}).`,
  addToCalendar: 'Zum Kalender hinzufügen',
  visitSummary: 'Servicetermin',
  waitlistJoin: 'Benachrichtigen, wenn ein früheres Zeitfenster frei wird',
  waitlisted: 'Wir melden uns, wenn ein früheres Zeitfenster frei wird.',
};

export const texts = { en, de };
