import { DomainError, notFound } from '../lib/outcomes';
import type { TemplateValues } from '../lib/templates';
import {
  AutomatedActionCreate,
  LANGUAGES,
  type AutomatedActionInput,
  type AutomatedActionPatchInput,
  type AutomatedActionView,
  type Channel,
  type Language,
  type Trigger,
} from '../schemas/activation';
import type { PortalMode, StatusKey } from '../schemas/contract';
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

function formatWindow(window: { from: string | Date; to: string | Date }, language: Language, timeZone: string) {
  const from = new Date(window.from);
  const to = new Date(window.to);
  const day = new Intl.DateTimeFormat(language, { dateStyle: 'full', timeZone }).format(from);
  const time = new Intl.DateTimeFormat(language, { timeStyle: 'short', timeZone });
  return `${day}, ${time.format(from)}–${time.format(to)}`;
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

/** The customer's language if the action speaks it, else the profile's, else English, else any it has. */
function pickLanguage(available: Language[], locale: string | null, profileLanguage: string): Language {
  const wanted = [locale?.slice(0, 2), profileLanguage, 'en'];
  return (
    (wanted.find((l) => available.includes(l as Language)) as Language | undefined) ??
    available.find((l) => LANGUAGES.includes(l))!
  );
}
