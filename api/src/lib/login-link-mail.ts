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
