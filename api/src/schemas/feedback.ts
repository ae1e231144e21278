import { z } from '@hono/zod-openapi';
import { FEEDBACK_COMMENT_MAX } from './contract/feedback';
import { WIDGET_LANGUAGES } from './contract/languages';

const Key = z
  .string()
  .regex(/^[a-z0-9_-]{1,40}$/, 'Lower-case letters, digits, _ and -, at most 40')
  .openapi({ example: 'on_time' });

/** A label in each language the profile speaks; at least one. */
const Localized = z
  .partialRecord(z.enum(WIDGET_LANGUAGES), z.string().trim().min(1).max(200))
  .refine((label) => Object.keys(label).length > 0, { message: 'At least one language' })
  .openapi('LocalizedText');

export const FeedbackQuestionSchema = z
  .strictObject({
    id: Key,
    kind: z.enum(['yes_no', 'one', 'many']),
    label: Localized,
    options: z
      .array(z.strictObject({ id: Key, label: Localized }))
      .min(2)
      .max(10)
      .optional(),
  })
  .superRefine((question, ctx) => {
    const choice = question.kind !== 'yes_no';
    if (choice !== Boolean(question.options)) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: choice ? 'A choice needs options' : 'A yes/no question has no options',
      });
    }
    const ids = (question.options ?? []).map((option) => option.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Duplicate id' });
  })
  .openapi('FeedbackQuestion');

/** A profile's feedback questions, asked in this order after the star rating. */
export const FeedbackQuestions = z
  .array(FeedbackQuestionSchema)
  .max(10)
  .refine((questions) => new Set(questions.map((q) => q.id)).size === questions.length, { message: 'Duplicate id' })
  .openapi('FeedbackQuestions');

export const FeedbackAnswersSchema = z
  .record(Key, z.union([z.boolean(), Key, z.array(Key).max(10)]))
  .openapi('FeedbackAnswers', { example: { on_time: true, tidy: 'very' } });

export const FeedbackSubmit = z
  .strictObject({
    rating: z.number().int().min(1).max(5),
    answers: FeedbackAnswersSchema.default({}),
    comment: z.string().trim().max(FEEDBACK_COMMENT_MAX).optional(),
  })
  .openapi('FeedbackSubmit');
export type FeedbackSubmitInput = z.infer<typeof FeedbackSubmit>;

export const PortalFeedbackSchema = z
  .object({
    rating: z.number().int(),
    answers: FeedbackAnswersSchema,
    comment: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('PortalFeedback');

export const PortalFeedbackStateSchema = z
  .object({
    offered: z.boolean().describe('Visit Completed reached, the profile collects feedback, none given yet'),
    questions: FeedbackQuestions,
    language: z.string().describe('The profile’s language: a label missing in the page’s language shows in it'),
    commentMaxLength: z.number().int(),
    submitted: PortalFeedbackSchema.nullable(),
  })
  .openapi('PortalFeedbackState');

export const FeedbackFilter = z.object({
  projectId: z.uuid().optional(),
  profileId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Given on or after this instant'),
  to: z.iso.datetime({ offset: true }).optional().describe('Given before this instant'),
});
export type FeedbackFilterInput = z.infer<typeof FeedbackFilter>;

export const FeedbackListQuery = FeedbackFilter.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const AdminFeedback = PortalFeedbackSchema.extend({
  id: z.uuid(),
  ticketId: z.uuid(),
  profileId: z.uuid(),
  projectId: z.uuid().nullable(),
}).openapi('AdminFeedback');
export type AdminFeedbackView = z.infer<typeof AdminFeedback>;

export const FeedbackSummary = z
  .object({
    count: z.number().int(),
    average: z.number().nullable().describe('Mean star rating, two decimals; null without feedback'),
    distribution: z.record(z.enum(['1', '2', '3', '4', '5']), z.number().int()),
    answers: z
      .record(z.string(), z.record(z.string(), z.number().int()))
      .describe('Per question id: how often each option was chosen (`yes`/`no` for yes/no questions)'),
  })
  .openapi('FeedbackSummary');
export type FeedbackSummaryView = z.infer<typeof FeedbackSummary>;
