/** The contract shared with the widget (types and plain constants only): languages and texts in them. */

/** The languages the widget speaks, and so the languages a profile may label its statuses in. */
export const WIDGET_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'ar'] as const;
/** The languages the widget speaks. */
export type WidgetLanguage = (typeof WIDGET_LANGUAGES)[number];

/** A text a profile gives in each language it speaks (at least one). */
export type LocalizedText = Partial<Record<WidgetLanguage, string>>;
