import { ORIGIN_B } from '../testing/harness';

/** Bodies the write routes accept, so they get past validation to the ownership check. */
export const SAMPLE_BODIES: Record<string, unknown> = {
  'PATCH /v1/admin/tickets/:id': { title: 'Mine now' },
  'POST /v1/admin/tickets/:id/events': { status: 'scheduling' },
  'POST /v1/admin/tickets/:id/links': { kind: 'ticket' },
  'PATCH /v1/admin/profiles/:id': { name: 'Mine now' },
  'PATCH /v1/admin/staff/:id': { role: 'dispatcher' },
  'PATCH /v1/admin/projects/:id': { name: 'Mine now' },
  'POST /v1/portal/tickets/:id/share-links': {},
  'PATCH /v1/admin/automated-actions/:id': { enabled: true },
  'POST /v1/admin/outbox/:id/resend': { force: true },
  'PATCH /v1/admin/engineers/:id': { active: false },
  'POST /v1/admin/api-keys/:id/rotate': { overlapHours: 0 },
  'POST /v1/admin/engineers/:id/absences': { from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z' },
  'PUT /v1/admin/profiles/:id/booking': { capacity: 9 },
  'PUT /v1/admin/tickets/:id/parts': { partsFrom: null, partsTo: null },
  'PATCH /v1/admin/invoices/:id': { dueDate: '2026-12-31' },
  'POST /v1/portal/invoices/:id/checkout': { returnUrl: `${ORIGIN_B}/pay` },
  'PUT /v1/portal/tickets/:id/appointment': { slotId: '2026-12-07.0.00000000-0000-4000-8000-000000000000' },
  'PUT /v1/admin/calendar-days/:date': { kind: 'limited' },
  'POST /v1/portal/tickets/:id/feedback': { rating: 5 },
  'POST /v1/admin/invoices/:id/credit-notes': { amount: 50 },
  'POST /v1/admin/service-requests/:id/decline': { reason: 'Mine now' },
  'POST /v1/admin/tickets/:id/thread': { body: 'Mine now' },
  'POST /v1/portal/tickets/:id/messages': { body: 'Mine now' },
  'POST /v1/portal/tickets/:id/messages/read': { upTo: '00000000-0000-4000-8000-000000000000' },
};
/** Query strings the routes require, so they get past validation too. */
export const SAMPLE_QUERIES: Record<string, string> = {
  'GET /v1/portal/tickets/:id/availability': '?from=2026-12-01&to=2026-12-31',
  'GET /v1/portal/tickets/:id/slots': '?date=2026-12-07',
  'GET /v1/admin/appointments': '?from=2026-12-01&to=2026-12-31',
  'GET /v1/admin/calendar-days': '?from=2026-12-01&to=2026-12-31',
  'DELETE /v1/admin/calendar-days/:date': '?kind=limited',
};
