import { z } from '@hono/zod-openapi';
import { MODULES, STATUSES, WIDGET_LANGUAGES } from './contract';
import { FeedbackQuestions } from './feedback';
import { PortalModeSchema } from './tickets';

const cssValue = z
  .string()
  .max(100)
  .regex(/^[^;{}<>]*$/, 'No ; { } < > in theme values');

export const ThemeTokensSchema = z
  .strictObject({
    colorPrimary: cssValue,
    colorText: cssValue,
    colorSurface: cssValue,
    fontFamily: cssValue,
    radius: cssValue,
  })
  .partial()
  .openapi('ThemeTokens');

/** `{ en: { on_route: 'On the way' }, de: { … } }`: a profile's own words for the portal statuses. */
export const StatusLabelsSchema = z
  .partialRecord(z.enum(WIDGET_LANGUAGES), z.partialRecord(z.enum(STATUSES), z.string().min(1).max(60)))
  .openapi('StatusLabels');

const httpsOrLocalUrl = z
  .url()
  .max(500)
  .refine((value) => /^https:|^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(value), { message: 'Must be an https URL' });

const profileFields = {
  name: z.string().min(1).max(100),
  mode: PortalModeSchema,
  logoUrl: httpsOrLocalUrl.nullable(),
  redirectUrl: httpsOrLocalUrl.nullable(),
  salutation: z.string().max(200).nullable(),
  language: z.enum(['en', 'de']),
  theme: ThemeTokensSchema,
  feedbackEnabled: z.boolean(),
  feedbackQuestions: FeedbackQuestions,
  isDefault: z.boolean(),
  statusLabels: StatusLabelsSchema,
  /** The sections its links grant; `status` is always among them, `appointment` also needs the booking mode. */
  modules: z
    .array(z.enum(MODULES))
    .max(MODULES.length)
    .refine((modules) => modules.includes('status'), { message: 'The status module is always on' })
    .refine((modules) => new Set(modules).size === modules.length, { message: 'Each module once' }),
};

export const ProfileCreate = z
  .strictObject(profileFields)
  .partial()
  .required({ name: true })
  .openapi('PortalProfileCreate');

export const ProfilePatch = z
  .strictObject(profileFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change' })
  .openapi('PortalProfilePatch');

export const Profile = z
  .object({
    id: z.uuid(),
    name: z.string(),
    mode: PortalModeSchema,
    logoUrl: z.string().nullable(),
    redirectUrl: z.string().nullable(),
    salutation: z.string().nullable(),
    language: z.string(),
    theme: ThemeTokensSchema,
    feedbackEnabled: z.boolean(),
    feedbackQuestions: FeedbackQuestions,
    isDefault: z.boolean(),
    statusLabels: StatusLabelsSchema,
    modules: z.array(z.enum(MODULES)),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('PortalProfile');

export const ProjectCreate = z
  .strictObject({ name: z.string().min(1).max(100), profileId: z.uuid().nullable().optional() })
  .openapi('ProjectCreate');
export const ProjectPatch = z
  .strictObject({ name: z.string().min(1).max(100), profileId: z.uuid().nullable() })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change' })
  .openapi('ProjectPatch');
export const Project = z
  .object({ id: z.uuid(), name: z.string(), profileId: z.uuid().nullable(), createdAt: z.string() })
  .openapi('Project');

export type ProfileCreateInput = z.infer<typeof ProfileCreate>;
export type ProfilePatchInput = z.infer<typeof ProfilePatch>;
export type ProfileView = z.infer<typeof Profile>;
