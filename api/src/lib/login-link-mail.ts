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

/** The staff mails: an invite, and a sign-in link asked for on the console page. Both links work once. */
export const STAFF_MAIL: Record<
  'staff_invite' | 'staff_sign_in',
  Record<Language, { subject: string; body: string }>
> = {
  staff_invite: {
    en: {
      subject: 'You are invited to {{company.name}} on Porchlight',
      body:
        'Hello,\n\nyou have been invited to the {{company.name}} console on Porchlight. Sign in with this link:\n\n' +
        '{{portal.link}}\n\nIt works once, for 72 hours. Afterwards, ask for a new sign-in link on the console page.',
    },
    de: {
      subject: 'Einladung zu {{company.name}} auf Porchlight',
      body:
        'Guten Tag,\n\nSie wurden in die Konsole von {{company.name}} auf Porchlight eingeladen. Melden Sie sich mit diesem Link an:\n\n' +
        '{{portal.link}}\n\nEr funktioniert einmal, 72 Stunden lang. Danach können Sie auf der Konsolenseite einen neuen Anmeldelink anfordern.',
    },
  },
  staff_sign_in: {
    en: {
      subject: 'Your sign-in link for {{company.name}}',
      body:
        'Hello,\n\nhere is your link to sign in to the {{company.name}} console:\n\n{{portal.link}}\n\n' +
        'It works once, for {{link.minutes}} minutes. If you did not ask for it, you can ignore this mail.',
    },
    de: {
      subject: 'Ihr Anmeldelink für {{company.name}}',
      body:
        'Guten Tag,\n\nhier ist Ihr Link zur Anmeldung in der Konsole von {{company.name}}:\n\n{{portal.link}}\n\n' +
        'Er funktioniert einmal, {{link.minutes}} Minuten lang. Wenn Sie ihn nicht angefordert haben, können Sie diese Mail ignorieren.',
    },
  },
};
