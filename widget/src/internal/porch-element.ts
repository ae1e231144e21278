import { consume } from '@lit/context';
import { css, LitElement, type CSSResultGroup } from 'lit';
import { property, state } from 'lit/decorators.js';
import { PorchClient } from '../api/client.js';
import { toPorchApiError } from '../api/errors.js';
import { PorchErrorEvent } from '../events/error.js';
import { languageOf, loadTranslation, type Lang, type Namespace, type Translation } from '../i18n/index.js';
import { porchContext, type PorchContextValue } from './context.js';

// Captured when the module first runs: rollup turns `import.meta.url` into `document.currentScript` for the IIFE.
const scriptOrigin = new URL(import.meta.url).origin;

/** Console warning with a stable code that integrators can search for. */
export function warn(code: string, message: string): void {
  console.warn(`[porchlight:${code}] ${message}`);
}

/**
 * The one base class of every Porchlight element: the API client (from an enclosing `<porch-portal>` or from the
 * element's own `api` + `token`), the active language's texts through `texts()`, `emit()` and a tolerant `define()`.
 */
export class PorchElement extends LitElement {
  static override styles: CSSResultGroup = css`
    :host {
      --_primary: var(--porch-color-primary, #2563eb);
      --_text: var(--porch-color-text, #1e293b);
      --_muted: var(--porch-color-text-muted, #5b6474);
      --_surface: var(--porch-color-surface, #ffffff);
      --_border: var(--porch-color-border, #e2e8f0);
      --_on-primary: var(--porch-color-on-primary, #fff);
      --_radius: var(--porch-radius, 0.75rem);
      display: block;
      box-sizing: border-box;
      direction: ltr;
      color: var(--_text);
      font-family: var(--porch-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
      font-size: var(--porch-font-size, 1rem);
      line-height: 1.5;
      overflow-wrap: break-word;
    }
    :host([hidden]) {
      display: none;
    }
    /* The direction follows the element's language, not the page: Arabic mirrors the whole element. */
    :host(:lang(ar)) {
      direction: rtl;
    }
    *,
    *::before,
    *::after {
      box-sizing: inherit;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      margin: -1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
    .notice {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: center;
      gap: 0.75rem 1rem;
      padding: 1.5rem 1rem;
      color: var(--_muted);
      text-align: center;
    }
    .notice p {
      margin: 0;
    }
    .notice[part~='error'] {
      color: var(--_text);
    }
    .spinner {
      width: 1.125rem;
      height: 1.125rem;
      border: 2px solid var(--_border);
      border-top-color: var(--_primary);
      border-radius: 50%;
      animation: porch-spin 0.8s linear infinite;
    }
    @keyframes porch-spin {
      to {
        transform: rotate(1turn);
      }
    }
    button {
      min-height: 2.5rem;
      padding: 0.5rem 1rem;
      border: 1px solid var(--_primary);
      border-radius: calc(var(--_radius) * 0.75);
      background: var(--_primary);
      color: var(--_on-primary);
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    button:focus-visible {
      outline: 2px solid var(--_primary);
      outline-offset: 2px;
    }
    @media (prefers-reduced-motion: reduce) {
      * {
        animation: none !important;
        transition: none !important;
      }
    }
  `;

  /**
   * Registers this element under `tag`. When the tag is already taken (another copy of the widget on the page),
   * it warns and keeps the existing definition instead of throwing.
   */
  static define(tag: string): void {
    const existing = customElements.get(tag);
    if (!existing) customElements.define(tag, this);
    else if (existing !== this)
      warn('duplicate-define', `<${tag}> is already defined by another copy of Porchlight; keeping that one.`);
  }

  @consume({ context: porchContext, subscribe: true })
  @state()
  protected porch?: PorchContextValue;

  /** The active language's translation, loaded before each render; null while the language is English. */
  @state() private translation: Translation | null = null;

  /** Base URL of the Porchlight API. Defaults to the origin the widget script was loaded from. */
  @property() api?: string;

  /** A session token (JWT), to use the element without an enclosing `<porch-portal>`. */
  @property() token?: string;

  /** BCP 47 tag used for texts and Intl formatting. */
  protected locale = 'en';
  /** Language to use when neither the element nor the page declares one. */
  protected fallbackLang = 'en';
  #localized: Promise<unknown> = Promise.resolve();
  #own?: { api: string; token: string; client: PorchClient };

  override connectedCallback(): void {
    super.connectedCallback();
    this.localize();
  }

  // Holds each render until the language's texts are there, so German pages never flash English.
  protected override async scheduleUpdate(): Promise<void> {
    await this.#localized;
    super.scheduleUpdate();
  }

  /** The active language, e.g. to pick a profile's own status labels. */
  protected get language(): Lang {
    return this.translation?.lang ?? 'en';
  }

  /** The element's texts in the active language: its `namespace` of the translation, else its bundled `english`. */
  protected texts<K extends Namespace>(namespace: K, english: Translation[K]): Translation[K] {
    return this.translation?.[namespace] ?? english;
  }

  /** The API base URL in use. */
  protected get apiBase(): string {
    return this.api || scriptOrigin;
  }

  /** The client with a session: from the own `token` attribute, else from the enclosing portal. Stable per input. */
  protected get client(): PorchClient | undefined {
    if (!this.token) return this.porch?.client;
    if (this.#own?.api !== this.apiBase || this.#own.token !== this.token) {
      this.#own = {
        api: this.apiBase,
        token: this.token,
        client: new PorchClient({ baseUrl: this.apiBase, session: this.token }),
      };
    }
    return this.#own.client;
  }

  /** Reads the language again (closest `[lang]`, else `fallbackLang`) and loads its texts before the next render. */
  protected localize(): void {
    const lang = languageOf(this) ?? this.fallbackLang;
    this.locale = lang;
    this.#localized = loadTranslation(lang).then((translation) => {
      if (this.locale === lang) this.translation = translation;
    });
  }

  /** Dispatches `event` from this element. */
  protected emit(event: Event): boolean {
    return this.dispatchEvent(event);
  }

  /**
   * Emits `porch-error` for a failed load. True when a listener took the failure over (`preventDefault()`): a data
   * element then stays in its loading state, not its error state, until new input arrives.
   */
  protected reportError(error: unknown): boolean {
    return !this.emit(new PorchErrorEvent({ code: toPorchApiError(error).code }));
  }
}
