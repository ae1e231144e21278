import type { Scope } from '../../api/types.js';

/** The portal's own texts beyond the shared ones: they load with the portal's chunk, not with every element. */
export interface PortalTexts {
  /** Tab labels, one per section the scopes may show. */
  tabs: Partial<Record<Scope, string>>;
  sections: string;
  disabledTitle: string;
  /** "Email me a new link" form. */
  askTitle: string;
  emailLabel: string;
  send: string;
  sending: string;
  /** Said whether or not the address is known: the answer never tells. */
  sent: string;
  invalidEmail: string;
  tooMany: string;
  sendFailed: string;
}

export const texts: Record<'en' | 'de', PortalTexts> = {
  en: {
    tabs: { track: 'Status', book: 'Appointment' },
    sections: 'Your service',
    disabledTitle: 'Portal unavailable',
    askTitle: 'Email me a new link',
    emailLabel: 'Your email address',
    send: 'Send link',
    sending: 'Sending…',
    sent: "We've sent a new link to this address if it is known to us. It works once, for 10 minutes.",
    invalidEmail: 'Please enter a valid email address.',
    tooMany: 'Too many requests. Please try again in a few minutes.',
    sendFailed: 'The link could not be requested. Please try again.',
  },
  de: {
    tabs: { track: 'Status', book: 'Termin' },
    sections: 'Ihr Service',
    disabledTitle: 'Portal nicht verfügbar',
    askTitle: 'Neuen Link per E-Mail senden',
    emailLabel: 'Ihre E-Mail-Adresse',
    send: 'Link senden',
    sending: 'Wird gesendet…',
    sent: 'Wir haben einen neuen Link an diese Adresse gesendet, falls sie uns bekannt ist. Er gilt einmal, 10 Minuten lang.',
    invalidEmail: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
    tooMany: 'Zu viele Anfragen. Bitte versuchen Sie es in einigen Minuten erneut.',
    sendFailed: 'Der Link konnte nicht angefordert werden. Bitte versuchen Sie es erneut.',
  },
};
