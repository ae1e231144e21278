import { feedbackContext, insertFeedback, ticketFeedback } from '../db/feedback';
import type { TenantDb } from '../db/tenant-db';
import { DomainError } from '../lib/outcomes';
import {
  FEEDBACK_COMMENT_MAX,
  type FeedbackAnswers,
  type FeedbackQuestion,
  type PortalFeedback,
  type PortalFeedbackState,
} from '../schemas/contract/feedback';
import type { FeedbackSubmitInput } from '../schemas/feedback';

/** The ticket's feedback as the portal shows it: offered or not, the profile's questions, the answer given. */
export function feedbackState(db: TenantDb, tenantId: string, ticketId: string): Promise<PortalFeedbackState> {
  return db.withTenant(tenantId, async (tx) => {
    const context = await feedbackContext(tx, ticketId);
    const submitted = await ticketFeedback(tx, ticketId);
    return {
      offered: context.enabled && context.completed && !submitted,
      questions: context.questions,
      language: context.language,
      commentMaxLength: FEEDBACK_COMMENT_MAX,
      submitted,
    };
  });
}

/**
 * Records the customer's feedback once: before Visit Completed or with the profile's feedback off it is not
 * offered; answers must name the profile's own questions and options; a second submit (or the loser of two at
 * once, through the unique key) is FEEDBACK_EXISTS and writes nothing.
 */
export function submitFeedback(
  db: TenantDb,
  tenantId: string,
  ticketId: string,
  input: FeedbackSubmitInput,
  now: Date,
): Promise<PortalFeedback> {
  return db.withTenant(tenantId, async (tx) => {
    const context = await feedbackContext(tx, ticketId);
    if (!context.enabled || !context.completed) {
      throw new DomainError('feedback-not-offered', 'Feedback is asked for once the visit is completed');
    }
    const issues = answerIssues(context.questions, input.answers);
    if (issues.length) throw new DomainError('invalid', 'The answers do not match the questions', { issues });
    const saved = await insertFeedback(tx, tenantId, {
      ticketId,
      profileId: context.profileId,
      projectId: context.projectId,
      rating: input.rating,
      answers: input.answers,
      comment: input.comment || null,
      at: now,
    });
    if (!saved) throw new DomainError('feedback-exists', 'Feedback for this ticket was already given');
    return saved;
  });
}

function answerIssues(questions: FeedbackQuestion[], answers: FeedbackAnswers) {
  const issues: { path: string; message: string }[] = [];
  const byId = new Map(questions.map((question) => [question.id, question]));
  for (const [id, answer] of Object.entries(answers)) {
    const path = `answers.${id}`;
    const question = byId.get(id);
    const options = new Set(question?.options?.map((option) => option.id));
    if (!question) issues.push({ path, message: 'No such question' });
    else if (question.kind === 'yes_no' && typeof answer !== 'boolean') issues.push({ path, message: 'Yes or no' });
    else if (question.kind === 'one' && (typeof answer !== 'string' || !options.has(answer))) {
      issues.push({ path, message: 'Not one of the options' });
    } else if (
      question.kind === 'many' &&
      (!Array.isArray(answer) || new Set(answer).size !== answer.length || answer.some((o) => !options.has(o)))
    ) {
      issues.push({ path, message: 'Not among the options' });
    }
  }
  return issues;
}
