import { notFound } from '../lib/outcomes';
import type { FeedbackAnswers, FeedbackQuestion, PortalFeedback } from '../schemas/contract/feedback';
import type { AdminFeedbackView, FeedbackFilterInput, FeedbackSummaryView } from '../schemas/feedback';
import type { Tx } from './client';

/** What decides whether a ticket's feedback is offered: its profile's switch and questions, and its progress. */
export interface FeedbackContext {
  profileId: string;
  projectId: string | null;
  enabled: boolean;
  questions: FeedbackQuestion[];
  /** The profile's language: a label missing in the page's language shows in it. */
  language: string;
  /** Visit Completed (or Closed) reached. */
  completed: boolean;
}

export async function feedbackContext(tx: Tx, ticketId: string): Promise<FeedbackContext> {
  const [row] = await tx<FeedbackContext[]>`
    select p.id as "profileId", t.project_id as "projectId", p.feedback_enabled as enabled,
           p.feedback_questions as questions, p.language,
           (t.status_reached ? 'completed' or t.status_reached ? 'closed') as completed
    from tickets t
    left join projects pr on pr.id = t.project_id
    join portal_profiles p on p.id = coalesce(t.profile_id, pr.profile_id,
                                              (select id from portal_profiles where is_default))
    where t.id = ${ticketId}`;
  if (!row) throw notFound('Ticket');
  return row;
}

const feedbackColumns = (tx: Tx) => tx`rating, answers, comment,
      to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt"`;

export async function ticketFeedback(tx: Tx, ticketId: string): Promise<PortalFeedback | null> {
  const [row] = await tx<PortalFeedback[]>`
    select ${feedbackColumns(tx)} from ticket_feedback where ticket_id = ${ticketId}`;
  return row ?? null;
}

/** Inserts the ticket's one feedback; null when it already has one (also when a concurrent submit won). */
export async function insertFeedback(
  tx: Tx,
  tenantId: string,
  feedback: {
    ticketId: string;
    profileId: string;
    projectId: string | null;
    rating: number;
    answers: FeedbackAnswers;
    comment: string | null;
    at: Date;
  },
): Promise<PortalFeedback | null> {
  const [row] = await tx<PortalFeedback[]>`
    insert into ticket_feedback (tenant_id, ticket_id, profile_id, project_id, rating, answers, comment, created_at)
    values (${tenantId}, ${feedback.ticketId}, ${feedback.profileId}, ${feedback.projectId}, ${feedback.rating},
            ${tx.json(feedback.answers)}, ${feedback.comment}, ${feedback.at})
    on conflict (tenant_id, ticket_id) do nothing
    returning ${feedbackColumns(tx)}`;
  return row ?? null;
}

const where = (tx: Tx, filter: FeedbackFilterInput) => tx`
  true
  ${filter.projectId ? tx`and f.project_id = ${filter.projectId}` : tx``}
  ${filter.profileId ? tx`and f.profile_id = ${filter.profileId}` : tx``}
  ${filter.from ? tx`and f.created_at >= ${new Date(filter.from)}` : tx``}
  ${filter.to ? tx`and f.created_at < ${new Date(filter.to)}` : tx``}`;

/** Feedback given, newest first. */
export function listFeedback(tx: Tx, filter: FeedbackFilterInput, limit: number): Promise<AdminFeedbackView[]> {
  return tx<AdminFeedbackView[]>`
    select f.id, f.ticket_id as "ticketId", f.profile_id as "profileId", f.project_id as "projectId",
           ${feedbackColumns(tx)}
    from ticket_feedback f where ${where(tx, filter)}
    order by f.created_at desc, f.id limit ${limit}`;
}

/** Count, mean rating, how many gave each star, and how often each option was chosen. */
export async function feedbackSummary(tx: Tx, filter: FeedbackFilterInput): Promise<FeedbackSummaryView> {
  const [totals] = await tx<{ count: number; average: string | null }[]>`
    select count(*)::int as count, round(avg(f.rating), 2)::text as average
    from ticket_feedback f where ${where(tx, filter)}`;
  const stars = await tx<{ rating: number; n: number }[]>`
    select f.rating, count(*)::int as n from ticket_feedback f where ${where(tx, filter)} group by f.rating`;
  // Every answer as (question, option): a yes/no answer counts as "yes"/"no", a several-of-several as each option.
  const chosen = await tx<{ question: string; option: string; n: number }[]>`
    select a.key as question,
           case jsonb_typeof(e.v) when 'boolean' then case when e.v = 'true'::jsonb then 'yes' else 'no' end
                                  else e.v #>> '{}' end as option,
           count(*)::int as n
    from ticket_feedback f
    cross join jsonb_each(f.answers) a
    cross join jsonb_array_elements(case when jsonb_typeof(a.value) = 'array' then a.value
                                         else jsonb_build_array(a.value) end) as e(v)
    where ${where(tx, filter)}
    group by 1, 2 order by 1, 2`;
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const { rating, n } of stars) distribution[String(rating) as keyof typeof distribution] = n;
  const answers: Record<string, Record<string, number>> = {};
  for (const { question, option, n } of chosen) (answers[question] ??= {})[option] = n;
  return {
    count: totals!.count,
    average: totals!.average === null ? null : Number(totals!.average),
    distribution,
    answers,
  };
}
