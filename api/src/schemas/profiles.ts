import { z } from '@hono/zod-openapi';
import { WIDGET_LANGUAGES } from './contract/languages';
import { DENSITIES, MODULES } from './contract/portal';
import { STATUSES } from './contract/tickets';
import { FeedbackQuestions } from './feedback';
import { ProfileText, profileTextInput } from './texts';
import { PortalModeSchema } from './tickets';

const cssValue = z
  .string()
  .max(100)
  .regex(/^[^;{}<>]*$/, 'No ; { } < > in theme values');

export const ThemeTokensSchema = z
  .strictObject({
    colorPrimary: cssValue,
    /** Text on the primary colour (button labels): pick it to keep 4.5:1 against a light primary. */
    colorOnPrimary: cssValue,
    colorText: cssValue,
    colorSurface: cssValue,
    fontFamily: cssValue,
    radius: cssValue,
    /** `dark` uses the dark palette under the values above; `auto` follows the visitor's system. */
    mode: z.enum(['light', 'dark', 'auto']),
    /** The spacing scale (`--porch-space-s|m|l`): tighter or roomier than `comfortable`, the default. */
    density: z.enum(DENSITIES),
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
  // A logo is uploaded (PUT /v1/admin/profiles/{id}/logo: checked, stripped, served from our origin); any URL was
  // accepted here before, SVG and GIF included. Existing values stay readable; the only change allowed is removal.
  logoUrl: z.null().openapi({ description: 'null removes the logo; upload one with PUT /v1/admin/profiles/{id}/logo' }),
  redirectUrl: httpsOrLocalUrl.nullable(),
  /** The greeting over the portal; the booking calendar's text and disclaimer (also `PUT …/booking`). */
  salutation: profileTextInput(200),
  bookingText: profileTextInput(2000),
  disclaimer: profileTextInput(2000),
  /** The fallback language: of the texts when the page's language has none, and of the portal when the page sets none. */
  language: z.enum(WIDGET_LANGUAGES),
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
    salutation: ProfileText,
    bookingText: ProfileText,
    disclaimer: ProfileText,
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

export const ProfileClone = z
  .strictObject({ name: z.string().min(1).max(100).optional().describe('Default: the profile’s name + " (copy)"') })
  .openapi('PortalProfileClone');

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
