import { z } from '@hono/zod-openapi';
import { PLACEHOLDERS, unknownPlaceholders } from '../lib/templates';
import { PortalModeSchema, Status } from './tickets';

/** What can start an automated action. `invoice_sent` fires when an invoice is sent (with no ticket: for the
 * customer — emails and SMS only, actions without a project condition); `service_request_decided` when a service
 * request is approved, on the ticket the approval created (a declined request has no ticket; Porchlight's own
 * decision mail tells the customer). */
export const TRIGGERS = [
  'ticket_created',
  'status_reached',
  'appointment_booked',
  'appointment_moved',
  'invoice_sent',
  'service_request_decided',
  'earlier_window_freed',
] as const;
export type Trigger = (typeof TRIGGERS)[number];

export const CHANNELS = ['email', 'sms', 'info'] as const;
export type Channel = (typeof CHANNELS)[number];
export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language of a mail to a customer: theirs (`de-AT` → de) if mails speak it, else the profile's, else English. */
export const mailLanguage = (locale: string | null | undefined, profileLanguage: string | null | undefined): Language =>
  [locale?.slice(0, 2), profileLanguage].find((l): l is Language => LANGUAGES.includes(l as Language)) ?? 'en';

/** Twilio's own cap on one message body; longer bodies are refused when saved. */
export const SMS_MAX_CHARS = 1600;
export const INFO_MAX_CHARS = 5000;

const Template = z.strictObject({
  subject: z.string().min(1).max(200).optional(),
  body: z.string().min(1).max(10_000),
});

const fields = {
  name: z.string().min(1).max(200),
  trigger: z.enum(TRIGGERS),
  /** For `status_reached`: the status that fires it. */
  status: Status.optional(),
  condition: z.strictObject({ projectId: z.uuid().optional(), profileId: z.uuid().optional() }).default({}),
  channel: z.enum(CHANNELS),
  portalMode: PortalModeSchema.default('tracking'),
  templates: z.partialRecord(z.enum(LANGUAGES), Template).openapi({
    description: `Per language. Placeholders: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
  }),
  enabled: z.boolean().default(true),
};

type Templates = Partial<Record<Language, { subject?: string; body: string }>>;

/** The rules that span fields, checked on create and on the merged result of a patch. */
function checkAction(
  action: { trigger: Trigger; status?: unknown; channel: Channel; templates: Templates },
  ctx: z.RefinementCtx,
) {
  if ((action.trigger === 'status_reached') !== (action.status !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['status'],
      message: 'status is required with the status_reached trigger, and only with it',
    });
  }
  checkTemplates(action, ctx);
}

/** Each language's template: known placeholders only, a subject exactly for emails, the channel's length cap. */
function checkTemplates(action: { channel: Channel; templates: Templates }, ctx: z.RefinementCtx) {
  const languages = Object.keys(action.templates) as Language[];
  if (languages.length === 0)
    ctx.addIssue({ code: 'custom', path: ['templates'], message: 'Give a template for at least one language' });
  for (const language of languages) {
    const template = action.templates[language]!;
    for (const part of ['subject', 'body'] as const) {
      const unknown = template[part] === undefined ? [] : unknownPlaceholders(template[part]);
      if (unknown.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['templates', language, part],
          message: `Unknown placeholder ${unknown.map((u) => `{{${u}}}`).join(', ')}; known: ${PLACEHOLDERS.join(', ')}`,
        });
      }
    }
    if (action.channel === 'email' && !template.subject)
      ctx.addIssue({ code: 'custom', path: ['templates', language, 'subject'], message: 'An email needs a subject' });
    if (action.channel !== 'email' && template.subject)
      ctx.addIssue({ code: 'custom', path: ['templates', language, 'subject'], message: 'Only emails have a subject' });
    const max = action.channel === 'sms' ? SMS_MAX_CHARS : action.channel === 'info' ? INFO_MAX_CHARS : Infinity;
    if (template.body.length > max)
      ctx.addIssue({
        code: 'custom',
        path: ['templates', language, 'body'],
        message: `At most ${max} characters for ${action.channel}`,
      });
  }
}

export const AutomatedActionCreate = z.strictObject(fields).superRefine(checkAction).openapi('AutomatedActionCreate');
export const AutomatedActionPatch = z
  .strictObject(fields)
  .partial()
  .extend({ status: Status.nullable().optional() })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change' })
  .openapi('AutomatedActionPatch');
export type AutomatedActionInput = z.output<typeof AutomatedActionCreate>;
export type AutomatedActionPatchInput = z.output<typeof AutomatedActionPatch>;

/** A draft's channel and templates, rendered with sample data; checked like a saved action's templates. */
export const AutomatedActionPreview = z
  .strictObject({ channel: fields.channel, templates: fields.templates })
  .superRefine(checkTemplates)
  .openapi('AutomatedActionPreview');

export const AutomatedActionPreviewResult = z
  .object({
    templates: z.partialRecord(z.enum(LANGUAGES), z.object({ subject: z.string().nullable(), body: z.string() })),
  })
  .openapi('AutomatedActionPreviewResult');
export type AutomatedActionPreviewView = z.infer<typeof AutomatedActionPreviewResult>;

/** What an editor offers: the placeholders templates may use (the renderer's own list), languages, triggers, … */
export const AutomatedActionOptions = z
  .object({
    placeholders: z.array(z.enum(PLACEHOLDERS)),
    languages: z.array(z.enum(LANGUAGES)),
    triggers: z.array(z.enum(TRIGGERS)),
    channels: z.array(z.enum(CHANNELS)),
    statuses: z.array(Status),
    portalModes: z.array(PortalModeSchema),
  })
  .openapi('AutomatedActionOptions');

export const AutomatedAction = z
  .object({
    id: z.uuid(),
    name: z.string(),
    trigger: z.enum(TRIGGERS),
    status: Status.nullable(),
    condition: z.object({ projectId: z.uuid().nullable(), profileId: z.uuid().nullable() }),
    channel: z.enum(CHANNELS),
    portalMode: PortalModeSchema,
    templates: z.partialRecord(z.enum(LANGUAGES), Template),
    enabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AutomatedAction');
export type AutomatedActionView = z.infer<typeof AutomatedAction>;

export const OUTBOX_STATES = ['pending', 'sent', 'failed', 'suppressed'] as const;

export const OutboxMessage = z
  .object({
    id: z.uuid(),
    /** Null for a login-link mail, which belongs to the customer (all of their jobs). */
    ticketId: z.uuid().nullable(),
    customerId: z.uuid().nullable(),
    actionId: z.uuid().nullable(),
    trigger: z.string(),
    channel: z.enum(CHANNELS),
    recipient: z.string().nullable(),
    state: z.enum(OUTBOX_STATES),
    /** Why it failed or was suppressed: CUSTOMER_EMAIL_MISSING, CUSTOMER_PHONE_MISSING, THROTTLED, REJECTED, MAX_ATTEMPTS, WORKER_CRASHED, CUSTOMER_EMAIL_CHANGED, … */
    failureReason: z.string().nullable(),
    lastError: z.string().nullable(),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    smsSegments: z.number().int().nullable(),
    forced: z.boolean(),
    resendOf: z.uuid().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('OutboxMessage');
export type OutboxMessageView = z.infer<typeof OutboxMessage>;

export const OutboxResend = z
  .strictObject({ force: z.boolean().default(false).openapi({ description: 'Send even within the 60 s throttle' }) })
  .openapi('OutboxResend');

export const TicketComment = z
  .object({ id: z.uuid(), author: z.enum(['company', 'customer']), body: z.string(), createdAt: z.string() })
  .openapi('TicketComment');
