import { DomainError, notFound } from '../lib/outcomes';
import { renderText, type Placeholder, type TemplateValues } from '../lib/templates';
import {
  AutomatedActionCreate,
  LANGUAGES,
  type AutomatedActionInput,
  type AutomatedActionPatchInput,
  type AutomatedActionPreviewView,
  type AutomatedActionView,
  type Channel,
  type Language,
  type Trigger,
} from '../schemas/activation';
import type { PortalMode } from '../schemas/contract/access';
import type { StatusKey } from '../schemas/contract/tickets';
import type { Tx } from './client';
import { enqueueMessage, type MessageTemplate } from './outbox';
import { iso } from './tickets';

const select = (tx: Tx) => tx`
  id, name, trigger, trigger_status as status, json_build_object('projectId', project_id, 'profileId', profile_id) as condition,
  channel, portal_mode as "portalMode", templates, enabled, created_at as "createdAt", updated_at as "updatedAt"`;

type Row = Omit<AutomatedActionView, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date };
const toView = (row: Row): AutomatedActionView => ({
  ...row,
  createdAt: iso(row.createdAt)!,
  updatedAt: iso(row.updatedAt)!,
});

async function assertConditionVisible(tx: Tx, condition: { projectId?: string | null; profileId?: string | null }) {
  if (condition.projectId && !(await tx`select 1 from projects where id = ${condition.projectId}`).length)
    throw notFound('Project');
  if (condition.profileId && !(await tx`select 1 from portal_profiles where id = ${condition.profileId}`).length)
    throw notFound('Profile');
}

export async function listActions(tx: Tx): Promise<AutomatedActionView[]> {
  return (await tx<Row[]>`select ${select(tx)} from automated_actions order by created_at, seq`).map(toView);
}

export async function getAction(tx: Tx, id: string): Promise<AutomatedActionView> {
  const [row] = await tx<Row[]>`select ${select(tx)} from automated_actions where id = ${id}`;
  if (!row) throw notFound('Automated action');
  return toView(row);
}

export async function createAction(
  tx: Tx,
  tenantId: string,
  input: AutomatedActionInput,
  now: Date,
): Promise<AutomatedActionView> {
  await assertConditionVisible(tx, input.condition);
  const [row] = await tx<Row[]>`
    insert into automated_actions (tenant_id, name, trigger, trigger_status, project_id, profile_id, channel, portal_mode, templates, enabled, created_at, updated_at)
    values (${tenantId}, ${input.name}, ${input.trigger}, ${input.status ?? null}, ${input.condition.projectId ?? null},
            ${input.condition.profileId ?? null}, ${input.channel}, ${input.portalMode}, ${tx.json(input.templates as never)}, ${input.enabled}, ${now}, ${now})
    returning ${select(tx)}`;
  return toView(row!);
}

/** A patch is merged onto the stored action and the result checked as a whole (a new trigger may need a status). */
export async function updateAction(
  tx: Tx,
  id: string,
  patch: AutomatedActionPatchInput,
  now: Date,
): Promise<AutomatedActionView> {
  const current = await getAction(tx, id);
  const merged = {
    name: patch.name ?? current.name,
    trigger: patch.trigger ?? current.trigger,
    ...((patch.status === undefined ? current.status : patch.status) ? { status: patch.status ?? current.status } : {}),
    condition: patch.condition ?? {
      ...(current.condition.projectId ? { projectId: current.condition.projectId } : {}),
      ...(current.condition.profileId ? { profileId: current.condition.profileId } : {}),
    },
    channel: patch.channel ?? current.channel,
    portalMode: patch.portalMode ?? current.portalMode,
    templates: patch.templates ?? current.templates,
    enabled: patch.enabled ?? current.enabled,
  };
  const checked = AutomatedActionCreate.safeParse(merged);
  if (!checked.success) {
    const issues = checked.error.issues.map((issue) => ({
      path: ['json', ...issue.path].join('.'),
      message: issue.message,
    }));
    throw new DomainError('invalid', 'The action is not valid', { issues });
  }
  const action = checked.data;
  await assertConditionVisible(tx, action.condition);
  const [row] = await tx<Row[]>`
    update automated_actions set name = ${action.name}, trigger = ${action.trigger}, trigger_status = ${action.status ?? null},
      project_id = ${action.condition.projectId ?? null}, profile_id = ${action.condition.profileId ?? null},
      channel = ${action.channel}, portal_mode = ${action.portalMode}, templates = ${tx.json(action.templates as never)},
      enabled = ${action.enabled}, updated_at = ${now}
    where id = ${id} returning ${select(tx)}`;
  return toView(row!);
}

export async function deleteAction(tx: Tx, id: string): Promise<void> {
  const rows = await tx`delete from automated_actions where id = ${id} returning id`;
  if (rows.length === 0) throw notFound('Automated action');
}

const STATUS_LABELS: Record<Language, Record<StatusKey, string>> = {
  en: {
    received: 'Ticket Received',
    scheduling: 'Ticket Scheduling',
    dispatched: 'Ticket Dispatched',
    on_route: 'On Route to You',
    onsite: 'Arrived Onsite',
    completed: 'Visit Completed',
    closed: 'Closed',
  },
  de: {
    received: 'Ticket eingegangen',
    scheduling: 'Terminplanung',
    dispatched: 'Techniker eingeplant',
    on_route: 'Techniker unterwegs',
    onsite: 'Techniker vor Ort',
    completed: 'Einsatz abgeschlossen',
    closed: 'Abgeschlossen',
  },
};

/** What the change that fires an action knows beyond the ticket itself. */
export interface TriggerContext {
  now: Date;
  /** The status reached, for `status_reached`. */
  status?: StatusKey;
  /** The booked window, for appointment triggers (the ticket's ETA window is used when absent). */
  appointmentWindow?: { from: string | Date; to: string | Date };
}

interface TicketFacts {
  projectId: string | null;
  profileId: string;
  profileLanguage: string;
  customerName: string;
  email: string | null;
  phone: string | null;
  locale: string | null;
  title: string;
  reference: string | null;
  status: StatusKey;
  technician: string | null;
  etaFrom: Date | null;
  etaTo: Date | null;
  timezone: string;
  company: string;
}

/**
 * A visit's window in the site's zone, the zone named ("…, 12:00 PM–4:00 PM Germany Time"): a mail cannot know
 * where it is read, so its times always say whose clock they are on — like the widget's for a viewer elsewhere.
 */
function formatWindow(window: { from: string | Date; to: string | Date }, language: Language, timeZone: string) {
  const from = new Date(window.from);
  const to = new Date(window.to);
  const day = new Intl.DateTimeFormat(language, { dateStyle: 'full', timeZone }).format(from);
  const time = { hour: 'numeric', minute: '2-digit', timeZone } as const;
  const start = new Intl.DateTimeFormat(language, time).format(from);
  const end = new Intl.DateTimeFormat(language, { ...time, timeZoneName: 'shortGeneric' }).format(to);
  return `${day}, ${start}–${end}`;
}

/**
 * A draft's templates rendered by the outbox's own renderer, per language, with sample values: the tenant's name
 * and portal page, a made-up customer and ticket, and tomorrow morning's window at a Berlin site.
 */
export async function previewTemplates(
  tx: Tx,
  tenantId: string,
  templates: Partial<Record<Language, MessageTemplate>>,
  now: Date,
): Promise<AutomatedActionPreviewView> {
  const [tenant] = await tx<{ name: string; portalUrl: string | null }[]>`
    select name, portal_url as "portalUrl" from tenants where id = ${tenantId}`;
  const from = new Date(now);
  from.setUTCDate(from.getUTCDate() + 1);
  from.setUTCHours(8, 0, 0, 0);
  const window = { from, to: new Date(from.getTime() + 4 * 3_600_000) };
  const portalPage = (tenant?.portalUrl ?? 'https://www.example.com/service').split('#')[0];
  const rendered: AutomatedActionPreviewView['templates'] = {};
  for (const [language, template] of Object.entries(templates) as [Language, MessageTemplate][]) {
    // Every placeholder: a new one cannot be added without a sample.
    const values: Record<Placeholder, string> = {
      'customer.name': 'Dana Miller',
      'company.name': tenant?.name ?? '',
      'ticket.title': 'HP LaserJet M404 jams on every page',
      'ticket.reference': 'ACME-1042',
      'ticket.status': STATUS_LABELS[language].scheduling,
      'technician.name': 'Sam',
      'appointment.window': formatWindow(window, language, 'Europe/Berlin'),
      'portal.link': `${portalPage}#porch-token=sample`,
    };
    rendered[language] = {
      subject: template.subject === undefined ? null : renderText(template.subject, values),
      body: renderText(template.body, values),
    };
  }
  return { templates: rendered };
}

/**
 * Runs the tenant's enabled actions for this trigger on this ticket, inside the caller's transaction: each one that
 * matches (status, project, profile) writes one outbox message, so the message commits or rolls back with the
 * change itself. Call it from any code that makes such a change (ticket events, bookings, …).
 */
export async function fireAutomatedActions(
  tx: Tx,
  tenantId: string,
  trigger: Trigger,
  ticketId: string,
  context: TriggerContext,
): Promise<string[]> {
  const [ticket] = await tx<TicketFacts[]>`
    select t.project_id as "projectId", p.id as "profileId", p.language as "profileLanguage", c.name as "customerName",
           c.email, c.phone, c.locale, t.title, t.external_ref as reference, t.status, t.technician_first_name as technician,
           t.eta_from as "etaFrom", t.eta_to as "etaTo", l.timezone, n.name as company
    from tickets t
    join customers c on c.id = t.customer_id
    join locations l on l.id = t.location_id
    join tenants n on n.id = t.tenant_id
    left join projects pr on pr.id = t.project_id
    join portal_profiles p on p.id = coalesce(t.profile_id, pr.profile_id, (select d.id from portal_profiles d where d.is_default))
    where t.id = ${ticketId}`;
  if (!ticket) throw notFound('Ticket');
  const actions = await tx<
    { id: string; channel: Channel; portalMode: PortalMode; templates: Partial<Record<Language, MessageTemplate>> }[]
  >`
    select id, channel, portal_mode as "portalMode", templates from automated_actions
    where enabled and trigger = ${trigger}
      and (trigger_status is null or trigger_status = ${context.status ?? null})
      and (project_id is null or project_id = ${ticket.projectId})
      and (profile_id is null or profile_id = ${ticket.profileId})
    order by created_at, seq`;
  const ids: string[] = [];
  for (const action of actions) {
    const language = pickLanguage(Object.keys(action.templates) as Language[], ticket.locale, ticket.profileLanguage);
    const window =
      context.appointmentWindow ?? (ticket.etaFrom && ticket.etaTo ? { from: ticket.etaFrom, to: ticket.etaTo } : null);
    const values: TemplateValues = {
      'customer.name': ticket.customerName,
      'company.name': ticket.company,
      'ticket.title': ticket.title,
      'ticket.reference': ticket.reference ?? '',
      'ticket.status': STATUS_LABELS[language][context.status ?? ticket.status],
      'technician.name': ticket.technician ?? '',
      'appointment.window': window ? formatWindow(window, language, ticket.timezone) : '',
    };
    const recipient = action.channel === 'email' ? ticket.email : action.channel === 'sms' ? ticket.phone : null;
    const message = await enqueueMessage(
      tx,
      tenantId,
      {
        ticketId,
        actionId: action.id,
        trigger,
        channel: action.channel,
        recipient,
        language,
        portalMode: action.portalMode,
        template: action.templates[language]!,
        context: values,
      },
      context.now,
    );
    ids.push(message.id);
  }
  return ids;
}

/**
 * Runs the tenant's enabled actions for a trigger about a customer with no ticket (an invoice sent without one), in
 * the caller's transaction. With no ticket there is no project, so only actions without a project condition match;
 * a profile condition is checked against the default profile. An info needs a ticket to appear on, so info actions
 * are left out; emails and SMS go to the customer. `extra` rides along in the message's values (e.g. `invoice.id`,
 * which the worker uses for the portal link).
 */
export async function fireCustomerAutomatedActions(
  tx: Tx,
  tenantId: string,
  trigger: Trigger,
  customerId: string,
  context: { now: Date; extra?: TemplateValues },
): Promise<string[]> {
  const [customer] = await tx<
    {
      name: string;
      email: string | null;
      phone: string | null;
      locale: string | null;
      profileId: string | null;
      profileLanguage: string | null;
      company: string;
    }[]
  >`
    select c.name, c.email, c.phone, c.locale, p.id as "profileId", p.language as "profileLanguage", n.name as company
    from customers c join tenants n on n.id = c.tenant_id left join portal_profiles p on p.is_default
    where c.id = ${customerId}`;
  if (!customer) throw notFound('Customer');
  const actions = await tx<
    { id: string; channel: Channel; portalMode: PortalMode; templates: Partial<Record<Language, MessageTemplate>> }[]
  >`
    select id, channel, portal_mode as "portalMode", templates from automated_actions
    where enabled and trigger = ${trigger} and channel <> 'info' and trigger_status is null and project_id is null
      and (profile_id is null or profile_id = ${customer.profileId})
    order by created_at, seq`;
  const ids: string[] = [];
  for (const action of actions) {
    const language = pickLanguage(
      Object.keys(action.templates) as Language[],
      customer.locale,
      customer.profileLanguage ?? 'en',
    );
    const values: TemplateValues = {
      ...context.extra,
      'customer.name': customer.name,
      'company.name': customer.company,
      'ticket.title': '',
      'ticket.reference': '',
      'ticket.status': '',
      'technician.name': '',
      'appointment.window': '',
    };
    const message = await enqueueMessage(
      tx,
      tenantId,
      {
        ticketId: null,
        customerId,
        actionId: action.id,
        trigger,
        channel: action.channel,
        recipient: action.channel === 'email' ? customer.email : customer.phone,
        language,
        portalMode: action.portalMode,
        template: action.templates[language]!,
        context: values,
      },
      context.now,
    );
    ids.push(message.id);
  }
  return ids;
}

/** The customer's language if the action speaks it, else the profile's, else English, else any it has. */
function pickLanguage(available: Language[], locale: string | null, profileLanguage: string): Language {
  const wanted = [locale?.slice(0, 2), profileLanguage, 'en'];
  return (
    (wanted.find((l) => available.includes(l as Language)) as Language | undefined) ??
    available.find((l) => LANGUAGES.includes(l))!
  );
}
