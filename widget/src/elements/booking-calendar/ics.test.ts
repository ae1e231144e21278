import { expect } from '@open-wc/testing';
import type { Appointment } from '../../api/types.js';
import { de } from '../../i18n/de.js';
import { en } from '../../i18n/en.js';
import { appointmentIcs } from './ics.js';

const visit = {
  company: 'Acme Printer Repair',
  phone: '+49 30 555 0100',
  reference: 'T-4711',
  title: 'Printer jams on every page',
  address: 'Hauptstr. 1, 10115 Berlin',
};
const first: Appointment = {
  id: '11111111-1111-4111-8111-111111111111',
  slotId: 'x',
  date: '2027-01-12',
  start: '2027-01-12T07:00:00.000Z',
  end: '2027-01-12T11:00:00.000Z',
  timezone: 'Europe/Berlin',
};
const moved: Appointment = { ...first, id: '22222222-2222-4222-8222-222222222222', date: '2027-01-14' };
moved.start = '2027-01-14T11:00:00.000Z';
moved.end = '2027-01-14T15:00:00.000Z';

/** The unfolded content lines (RFC 5545 §3.1). */
const lines = (ics: string) => ics.replace(/\r\n /g, '').split('\r\n');
const field = (ics: string, name: string) =>
  lines(ics)
    .find((line) => line.startsWith(`${name}:`))
    ?.slice(name.length + 1);

describe('appointmentIcs', () => {
  it('names the company, the address and the ticket, in UTC, folded at 75 octets with CRLF', () => {
    const ics = appointmentIcs('tkt-1', first, visit, en.booking, new Date('2026-12-06T10:00:00Z'));
    expect(field(ics, 'SUMMARY')).to.equal('Service visit: Acme Printer Repair');
    expect(field(ics, 'LOCATION')).to.equal('Hauptstr. 1\\, 10115 Berlin');
    expect(field(ics, 'DESCRIPTION'))
      .to.contain('Printer jams on every page')
      .and.contain('Ticket T-4711')
      .and.contain('+49 30 555 0100');
    expect(field(ics, 'DTSTART')).to.equal('20270112T070000Z');
    expect(field(ics, 'DTEND')).to.equal('20270112T110000Z');
    expect(ics.endsWith('\r\n')).to.equal(true);
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length, line).to.be.at.most(75);
  });

  it('keeps one UID across a reschedule, with a higher SEQUENCE, so a calendar app moves the entry', () => {
    const before = appointmentIcs('tkt-1', first, visit, en.booking, new Date('2026-12-06T10:00:00Z'));
    const after = appointmentIcs('tkt-1', moved, visit, en.booking, new Date('2026-12-07T10:00:00Z'));
    expect(field(before, 'UID')).to.equal('visit-tkt-1@porchlight');
    expect(field(after, 'UID')).to.equal(field(before, 'UID'));
    expect(Number(field(after, 'SEQUENCE'))).to.be.greaterThan(Number(field(before, 'SEQUENCE')));
    expect(field(after, 'DTSTART')).to.equal('20270114T110000Z');
    const other = appointmentIcs('tkt-2', first, visit, en.booking);
    expect(field(other, 'UID'), 'another ticket, another entry').to.not.equal(field(before, 'UID'));
  });

  it('leaves out what the company did not set, and speaks the customer’s language', () => {
    const ics = appointmentIcs('tkt-1', first, { ...visit, phone: null, reference: null }, de.booking);
    expect(field(ics, 'SUMMARY')).to.equal('Servicetermin: Acme Printer Repair');
    expect(field(ics, 'DESCRIPTION')).to.equal('Printer jams on every page');
  });
});
