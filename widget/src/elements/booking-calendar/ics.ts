import type { Appointment, BookingAvailability } from '../../api/types.js';
import type { BookingTexts } from '../../i18n/index.js';

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const escape = (text: string) => text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
const bytes = new TextEncoder();

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a character. */
function fold(line: string): string {
  let out = '';
  let size = 0;
  for (const char of line) {
    const length = bytes.encode(char).length;
    if (size + length > 75) {
      out += '\r\n ';
      size = 1;
    }
    out += char;
    size += length;
  }
  return out;
}

/**
 * A one-event iCalendar file (RFC 5545) for the booked visit, in UTC so every calendar app places it right. It
 * names the company, the ticket and the site's address. The UID belongs to the ticket's visit, not to one
 * booking, and SEQUENCE grows with each download: a moved visit replaces the old entry instead of adding one.
 */
export function appointmentIcs(
  ticketId: string,
  appointment: Appointment,
  visit: BookingAvailability['visit'],
  t: BookingTexts,
  now = new Date(),
): string {
  const description = [
    visit.title,
    visit.reference ? t.icsReference(visit.reference) : null,
    visit.phone ? t.icsPhone(visit.phone) : null,
  ].filter((line): line is string => line !== null);
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Porchlight//Booking//EN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:visit-${ticketId}@porchlight`,
    `SEQUENCE:${Math.floor(now.getTime() / 1000)}`,
    `DTSTAMP:${stamp(now.toISOString())}`,
    `DTSTART:${stamp(appointment.start)}`,
    `DTEND:${stamp(appointment.end)}`,
    `SUMMARY:${escape(t.visitSummary(visit.company))}`,
    `LOCATION:${escape(visit.address)}`,
    `DESCRIPTION:${escape(description.join('\n'))}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]
    .map(fold)
    .join('\r\n')
    .concat('\r\n');
}
