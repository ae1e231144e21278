import type { ComplexAttributeConverter } from 'lit';
import type { Density, ThemeTokens } from '../../api/types.js';

/**
 * The company's look, given on the tag (`theme` property, or the `theme` attribute as JSON or just a mode:
 * `theme="dark"`), so the loading and error screens wear it before the API has answered. Each value sets one global
 * `--porch-*` token; a value the page sets on `porch-portal` in its own CSS still wins.
 */
export interface PortalTheme {
  /** `--porch-color-primary`: accent, buttons, focus rings. */
  primary?: string;
  /** `--porch-color-on-primary`: text on the accent (button labels). */
  onPrimary?: string;
  /** `--porch-color-text`. */
  text?: string;
  /** `--porch-color-surface`: the card's background. */
  surface?: string;
  /** `--porch-radius`. */
  radius?: string;
  /** `--porch-font-family`. */
  fontFamily?: string;
  /**
   * `light` (the default), `dark`, or `auto`: dark while the visitor's system prefers it. Dark mode sets the dark
   * palette's tokens as defaults under any of the values above.
   */
  mode?: 'light' | 'dark' | 'auto';
  /** `compact`, `comfortable` (the default) or `spacious`: sets `--porch-space-s`, `-m` and `-l`. */
  density?: Density;
}

/** The spacing scale of each density, `--porch-space-s`, `-m`, `-l` (`comfortable` is the elements' defaults). */
const DENSITY: Record<Density, [string, string, string]> = {
  compact: ['0.5rem', '0.75rem', '1rem'],
  comfortable: ['0.75rem', '1rem', '1.5rem'],
  spacious: ['1rem', '1.5rem', '2.25rem'],
};

const TOKENS: Record<Exclude<keyof PortalTheme, 'mode' | 'density'>, string> = {
  primary: '--porch-color-primary',
  onPrimary: '--porch-color-on-primary',
  text: '--porch-color-text',
  surface: '--porch-color-surface',
  radius: '--porch-radius',
  fontFamily: '--porch-font-family',
};

/** The profile's theme (from the API) in the tag's terms. */
export const fromProfile = (theme: ThemeTokens): PortalTheme => ({
  primary: theme.colorPrimary,
  onPrimary: theme.colorOnPrimary,
  text: theme.colorText,
  surface: theme.colorSurface,
  radius: theme.radius,
  fontFamily: theme.fontFamily,
  mode: theme.mode,
  density: theme.density,
});

/** The dark palette: every colour token, each pair with at least 4.5:1 contrast. */
export const DARK: Record<string, string> = {
  'color-scheme': 'dark',
  '--porch-color-primary': '#93c5fd',
  '--porch-color-on-primary': '#0f172a',
  '--porch-color-text': '#e2e8f0',
  '--porch-color-text-muted': '#a3adbd',
  '--porch-color-surface': '#0f172a',
  '--porch-color-border': '#334155',
  '--porch-color-danger': '#fca5a5',
  '--porch-booking-calendar-available': '#86efac',
  '--porch-booking-calendar-limited': '#fde047',
  '--porch-booking-calendar-unavailable': '#94a3b8',
};

/** `theme='{"primary":"#c2410c"}'` or `theme="dark"`. */
export const themeConverter: ComplexAttributeConverter<PortalTheme> = {
  fromAttribute: (value) => {
    if (!value?.trim().startsWith('{')) return value ? { mode: value as PortalTheme['mode'] } : {};
    try {
      return JSON.parse(value) as PortalTheme;
    } catch {
      return {};
    }
  },
};

/** The page's theme (the tag's) over the profile's. */
export function themeOver(profile: PortalTheme, tag: PortalTheme): PortalTheme {
  // The profile's text and surface colours are for its own mode: a page asking for another, darker one keeps the
  // dark palette's.
  const dark = (tag.mode === 'dark' || tag.mode === 'auto') && tag.mode !== profile.mode;
  return { ...profile, ...(dark && { text: undefined, surface: undefined }), ...tag };
}

/**
 * Writes `theme` into `sheet` as `:host` rules (so the page's own CSS on the element still wins): the dark palette
 * when asked for, then each given value. setProperty keeps a value inside its own declaration, so a value cannot
 * add other rules.
 */
export function writeTheme(sheet: CSSStyleSheet, theme: PortalTheme): void {
  const dark = theme.mode === 'dark' ? 'all' : theme.mode === 'auto' ? '(prefers-color-scheme: dark)' : 'not all';
  sheet.replaceSync(`@media ${dark} { :host {} } :host {}`);
  const [palette, own] = sheet.cssRules as unknown as [CSSMediaRule, CSSStyleRule];
  for (const [name, value] of Object.entries(DARK))
    (palette.cssRules[0] as CSSStyleRule).style.setProperty(name, value);
  for (const [key, name] of Object.entries(TOKENS)) {
    const value = theme[key as keyof typeof TOKENS];
    if (typeof value === 'string' && value) own.style.setProperty(name, value);
  }
  const scale = theme.density && Object.hasOwn(DENSITY, theme.density) ? DENSITY[theme.density] : undefined;
  scale?.forEach((value, i) => own.style.setProperty(`--porch-space-${'sml'[i]}`, value));
}
