import type { Appointment } from '../../api/types.js';

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const escape = (text: string) => text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');

/** A one-event iCalendar file (RFC 5545) for the booked visit, in UTC so every calendar app places it right. */
export function appointmentIcs(appointment: Appointment, summary: string, now = new Date()): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Porchlight//Booking//EN',
    'BEGIN:VEVENT',
    `UID:${appointment.id}@porchlight`,
    `DTSTAMP:${stamp(now.toISOString())}`,
    `DTSTART:${stamp(appointment.start)}`,
    `DTEND:${stamp(appointment.end)}`,
    `SUMMARY:${escape(summary)}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
