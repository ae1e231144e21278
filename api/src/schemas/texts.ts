import { z } from '@hono/zod-openapi';
import { WIDGET_LANGUAGES, type LocalizedText } from './contract/languages';

const LANGUAGE_LIST = WIDGET_LANGUAGES.join(', ');

/** A stored customer-facing text, one entry per language: `{ en: 'Hello', de: 'Hallo' }` (null: none). */
export const ProfileText = z
  .partialRecord(z.enum(WIDGET_LANGUAGES), z.string())
  .nullable()
  .openapi('ProfileText', { example: { en: 'Hi! Here is the latest on your repair.', de: 'Hallo! So steht es.' } });

/**
 * What a write takes for a text of at most `max` characters per language: a map by language (it replaces the
 * stored one; an unknown language key is 400 at `<field>.<key>`), a plain string (the text of the profile's fallback
 * language; the other languages are kept), or null (no text).
 */
export const profileTextInput = (max: number) =>
  z
    .union([
      z.string().max(max),
      z
        .record(z.string(), z.string().trim().min(1).max(max))
        .superRefine((map, ctx) => {
          for (const key of Object.keys(map)) {
            if (!(WIDGET_LANGUAGES as readonly string[]).includes(key)) {
              ctx.addIssue({ code: 'custom', path: [key], message: `Unknown language; one of ${LANGUAGE_LIST}` });
            }
          }
        })
        .transform((map) => map as LocalizedText),
    ])
    .nullable()
    .openapi({
      description: `Per language (${LANGUAGE_LIST}); a plain string is the profile's fallback language's text`,
    });

/**
 * The page's language for a portal read (`de`, `de-AT`): customer-facing texts come back in it, else in the
 * profile's language, else in any; empty or absent: the profile's language.
 */
export const LangQuery = z.object({
  lang: z
    .string()
    .regex(/^([A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4})?$/, 'A language tag like de or de-AT')
    .optional()
    .openapi({ param: { name: 'lang', in: 'query' }, example: 'de' }),
});
