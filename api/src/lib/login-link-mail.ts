import type { Language } from '../schemas/activation';

/**
 * The mail that carries a login link ("email me a new link", the dispatcher's "resend access link"). Porchlight's
 * own text, not a tenant's template; rendered by the outbox like any message, the link minted at delivery.
 */
export const LOGIN_LINK_MAIL: Record<Language, { subject: string; body: string }> = {
  en: {
    subject: 'Your link to {{company.name}}',
    body:
      'Hello {{customer.name}},\n\nhere is your link to all of your jobs with {{company.name}}:\n\n{{portal.link}}\n\n' +
      'It works once, for {{link.minutes}} minutes. If you did not ask for it, you can ignore this mail.',
  },
  de: {
    subject: 'Ihr Link zu {{company.name}}',
    body:
      'Guten Tag {{customer.name}},\n\nhier ist Ihr Link zu all Ihren Aufträgen bei {{company.name}}:\n\n{{portal.link}}\n\n' +
      'Er funktioniert einmal, {{link.minutes}} Minuten lang. Wenn Sie ihn nicht angefordert haben, können Sie diese Mail ignorieren.',
  },
};

/**
 * The mail that sends an invoice: its number, total and due date, and a login link that opens the portal on it
 * (`#porch=<token>&invoice=<id>`), minted at delivery like every login link.
 */
export const INVOICE_MAIL: Record<Language, { subject: string; body: string }> = {
  en: {
    subject: 'Invoice {{invoice.number}} from {{company.name}}',
    body:
      'Hello {{customer.name}},\n\n{{company.name}} sent you invoice {{invoice.number}} over {{invoice.total}}, ' +
      'due on {{invoice.dueDate}}. View it, download the PDF or pay online:\n\n{{portal.link}}\n\n' +
      'The link works once, for {{link.minutes}} minutes; on the page you can ask for a new one at any time.',
  },
  de: {
    subject: 'Rechnung {{invoice.number}} von {{company.name}}',
    body:
      'Guten Tag {{customer.name}},\n\n{{company.name}} hat Ihnen die Rechnung {{invoice.number}} über {{invoice.total}} ' +
      'geschickt, fällig am {{invoice.dueDate}}. Ansehen, als PDF laden oder online bezahlen:\n\n{{portal.link}}\n\n' +
      'Der Link funktioniert einmal, {{link.minutes}} Minuten lang; auf der Seite können Sie jederzeit einen neuen anfordern.',
  },
};
