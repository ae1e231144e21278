import type { Language } from '../schemas/activation';

/**
 * The mail that tells the customer the company wrote on their ticket: the messages since the last such mail (see
 * `queueThreadMail`) and a link to the ticket, minted at delivery. Porchlight's own text, not a tenant's template.
 */
export const THREAD_MAIL: Record<Language, { subject: string; body: string }> = {
  en: {
    subject: 'New message from {{company.name}}: {{ticket.title}}',
    body:
      'Hello {{customer.name}},\n\n{{company.name}} wrote about “{{ticket.title}}”:\n\n{{messages.text}}\n\n' +
      'Read and reply here:\n\n{{portal.link}}',
  },
  de: {
    subject: 'Neue Nachricht von {{company.name}}: {{ticket.title}}',
    body:
      'Guten Tag {{customer.name}},\n\n{{company.name}} schreibt zu „{{ticket.title}}“:\n\n{{messages.text}}\n\n' +
      'Lesen und antworten:\n\n{{portal.link}}',
  },
};
