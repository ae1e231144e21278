import type { ThemeTokens } from '../api/types.js';
import { DARK } from '../elements/portal/portal.theme.js';

/** WCAG 2 AA: normal text needs 4.5:1 against its background. */
export const AA_TEXT = 4.5;

type Rgb = [number, number, number];

/** `#rgb`, `#rrggbb` or `rgb(r, g, b)` as 0–255 channels; null for anything else (a name, a variable, a gradient). */
export function parseColor(value: string): Rgb | null {
  const color = value.trim().toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(color);
  if (short) return short.slice(1).map((h) => parseInt(h + h, 16)) as Rgb;
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(color);
  if (long) return long.slice(1).map((h) => parseInt(h, 16)) as Rgb;
  const rgb = /^rgb\(\s*(\d{1,3})\s*,?\s*(\d{1,3})\s*,?\s*(\d{1,3})\s*\)$/.exec(color);
  if (rgb) {
    const channels = rgb.slice(1).map(Number) as Rgb;
    return channels.every((c) => c <= 255) ? channels : null;
  }
  return null;
}

/** Relative luminance (WCAG 2). */
function luminance([r, g, b]: Rgb): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The contrast ratio of two colours, 1 to 21; null when either is not a colour this can read. */
export function contrastRatio(foreground: string, background: string): number | null {
  const a = parseColor(foreground);
  const b = parseColor(background);
  if (!a || !b) return null;
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** One pair of the theme's colours a customer reads one on the other, and how they contrast (null: unreadable). */
export interface ContrastCheck {
  label: string;
  foreground: string;
  background: string;
  ratio: number | null;
}

const LIGHT = { colorPrimary: '#2563eb', colorOnPrimary: '#ffffff', colorText: '#1e293b', colorSurface: '#ffffff' };
const DARK_DEFAULTS: typeof LIGHT = {
  colorPrimary: DARK['--porch-color-primary']!,
  colorOnPrimary: DARK['--porch-color-on-primary']!,
  colorText: DARK['--porch-color-text']!,
  colorSurface: DARK['--porch-color-surface']!,
};

/** The widget's own colours in a palette: what a theme without a value shows. */
export const defaultColors = (palette: 'light' | 'dark') => (palette === 'dark' ? DARK_DEFAULTS : LIGHT);

/**
 * The pairs the widget draws as text: labels on the primary colour (buttons), the primary colour on the background
 * (links, the calendar's days) and text on the background, each with the theme's value or the widget's default, in
 * every palette the mode can show (`auto`: both).
 */
export function contrastChecks(theme: ThemeTokens): ContrastCheck[] {
  const palettes: ('light' | 'dark')[] =
    theme.mode === 'auto' ? ['light', 'dark'] : [theme.mode === 'dark' ? 'dark' : 'light'];
  return palettes.flatMap((palette) => {
    const defaults = defaultColors(palette);
    const primary = theme.colorPrimary || defaults.colorPrimary;
    const surface = theme.colorSurface || defaults.colorSurface;
    const suffix = palettes.length > 1 ? ` (${palette})` : '';
    const pair = (label: string, foreground: string, background: string): ContrastCheck => ({
      label: label + suffix,
      foreground,
      background,
      ratio: contrastRatio(foreground, background),
    });
    return [
      pair('Text on the primary colour', theme.colorOnPrimary || defaults.colorOnPrimary, primary),
      pair('Primary colour on the background', primary, surface),
      pair('Text on the background', theme.colorText || defaults.colorText, surface),
    ];
  });
}
