import type { PortalTexts } from '../translation.js';
import { common } from './common.js';

export const portal: PortalTexts = {
  ...common,
  greeting: (name) => `Hello ${name}`,
  companySite: (company) => `${company} website`,
  noToken: 'To see your service ticket, open the link from your email or text message.',
  linkExpired: 'This link has expired. Please use the newest link we sent you, or contact us for a new one.',
  linkUsed: 'This link has already been used. Please request a new link.',
  linkInvalid: 'This link is not valid. Please check that you opened the complete link from your message.',
  sessionEnded: 'Your session has ended. Please open the link from your message again.',
  disabled: 'The customer portal is currently unavailable. Please try again later.',
  disabledTitle: 'Portal unavailable',
  tabs: { track: 'Status', book: 'Appointment', feedback: 'Feedback', invoices: 'Invoices' },
  sections: 'Your service',
  askTitle: 'Email me a new link',
  emailLabel: 'Your email address',
  send: 'Send link',
  sending: 'Sending…',
  sent: "We've sent a new link to this address if it is known to us.",
  lifetime: { one: 'It works once, for # minute.', other: 'It works once, for # minutes.' },
  invalidEmail: 'Please enter a valid email address.',
  tooMany: 'Too many requests. Please try again in a few minutes.',
  sendFailed: 'The link could not be requested. Please try again.',
  backToJobs: 'All your jobs',
};
