import type { Language } from '../schemas/activation';
import type { Urgency } from '../schemas/contract/service-requests';

export type RequestMailKind = 'received' | 'approved' | 'declined';

/**
 * Porchlight's own mails about a service request: the confirmation with a summary and the reference, and the
 * decision. No link: the customer reads the request in the portal they sent it from.
 */
export const SERVICE_REQUEST_MAIL: Record<RequestMailKind, Record<Language, { subject: string; body: string }>> = {
  received: {
    en: {
      subject: 'We received your service request {{request.reference}}',
      body:
        'Hello {{customer.name}},\n\n{{company.name}} received your service request. Your reference is ' +
        '{{request.reference}}.\n\n{{request.summary}}\n\nWe will review it and let you know.',
    },
    de: {
      subject: 'Ihre Serviceanfrage {{request.reference}} ist eingegangen',
      body:
        'Guten Tag {{customer.name}},\n\n{{company.name}} hat Ihre Serviceanfrage erhalten. Ihre Referenz ist ' +
        '{{request.reference}}.\n\n{{request.summary}}\n\nWir prüfen sie und melden uns bei Ihnen.',
    },
  },
  approved: {
    en: {
      subject: 'Your service request {{request.reference}} was approved',
      body:
        'Hello {{customer.name}},\n\n{{company.name}} approved your service request {{request.reference}}. ' +
        'A job was created and will be scheduled; you can follow it in the portal.\n\n{{request.summary}}',
    },
    de: {
      subject: 'Ihre Serviceanfrage {{request.reference}} wurde angenommen',
      body:
        'Guten Tag {{customer.name}},\n\n{{company.name}} hat Ihre Serviceanfrage {{request.reference}} angenommen. ' +
        'Ein Auftrag wurde angelegt und wird eingeplant; Sie können ihn im Portal verfolgen.\n\n{{request.summary}}',
    },
  },
  declined: {
    en: {
      subject: 'Your service request {{request.reference}} was declined',
      body:
        'Hello {{customer.name}},\n\n{{company.name}} could not take on your service request ' +
        '{{request.reference}}.\n\nReason: {{request.reason}}\n\n{{request.summary}}',
    },
    de: {
      subject: 'Ihre Serviceanfrage {{request.reference}} wurde abgelehnt',
      body:
        'Guten Tag {{customer.name}},\n\n{{company.name}} kann Ihre Serviceanfrage {{request.reference}} ' +
        'leider nicht annehmen.\n\nGrund: {{request.reason}}\n\n{{request.summary}}',
    },
  },
};

const LABELS: Record<Language, Record<'type' | 'where' | 'when' | 'urgency' | 'what', string>> = {
  en: { type: 'Service', where: 'Location', when: 'Preferred date', urgency: 'Urgency', what: 'Description' },
  de: { type: 'Leistung', where: 'Ort', when: 'Wunschtermin', urgency: 'Dringlichkeit', what: 'Beschreibung' },
};

const URGENCY: Record<Language, Record<Urgency, string>> = {
  en: { low: 'Low', normal: 'Normal', high: 'High', emergency: 'Emergency' },
  de: { low: 'Niedrig', normal: 'Normal', high: 'Hoch', emergency: 'Notfall' },
};

/** The request as the mails quote it, one field a line. */
export function requestSummary(
  language: Language,
  request: { serviceType: string; place: string; preferredDate: string | null; urgency: Urgency; description: string },
): string {
  const l = LABELS[language];
  return [
    `${l.type}: ${request.serviceType}`,
    `${l.where}: ${request.place}`,
    ...(request.preferredDate ? [`${l.when}: ${request.preferredDate}`] : []),
    `${l.urgency}: ${URGENCY[language][request.urgency]}`,
    `${l.what}: ${request.description}`,
  ].join('\n');
}
