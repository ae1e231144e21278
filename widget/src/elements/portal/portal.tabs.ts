import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { PortalJob, PortalMe, Scope } from '../../api/types.js';
import type { PortalTexts } from '../../i18n/index.js';
import { warn } from '../../internal/porch-element.js';
import type { JobView } from './portal.jobs.js';
import type { PortalSection } from './portal.sections.js';

/** What the portal lends its tabs. */
export interface TabsOptions {
  /** The session's first view, once open. */
  me(): PortalMe | undefined;
  /** While a customer-wide session has a job open: that job's view, once loaded (the tabs are then its sections). */
  job(): { view: JobView | undefined } | undefined;
  texts(): PortalTexts;
}

/**
 * The portal's sections as WAI-ARIA tabs with automatic activation: which one is selected, loading each one's
 * element when it is first selected, and the tab bar with the panel on show.
 */
export class PortalTabs implements ReactiveController {
  /** The sections on show, in tab order; each one's element loads when it is first selected. */
  shown: PortalSection[] = [];
  #selected: Scope | undefined;
  #selectedChanged = false;
  #host: ReactiveControllerHost & { renderRoot: ParentNode };
  #options: TabsOptions;

  constructor(host: ReactiveControllerHost & { renderRoot: ParentNode }, options: TabsOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  get selected(): Scope | undefined {
    return this.#selected;
  }

  /** Selecting another section re-renders the host, which loads that section's element first. */
  set selected(scope: Scope | undefined) {
    if (scope === this.#selected) return;
    this.#selected = scope;
    this.#selectedChanged = true;
    this.#host.requestUpdate();
  }

  hostUpdate(): void {
    if (!this.#selectedChanged) return;
    this.#selectedChanged = false;
    this.#loadSelected();
  }

  /**
   * Loads the element of the section to show first (the selected one, else the first), leaving out sections whose
   * element fails to load until one loads; the other tabs load their element when they are chosen.
   */
  async loadFirst(me: PortalMe, sections: PortalSection[]): Promise<PortalSection[]> {
    let shown = sections;
    for (;;) {
      const first = shown.find((section) => section.scope === this.selected) ?? shown[0];
      this.selected = first?.scope;
      if (
        !first ||
        (await first.load(me).then(
          () => true,
          () => false,
        ))
      )
        return shown;
      shown = shown.filter((section) => section !== first);
    }
  }

  /** A tab chosen later loads its element then; one that fails to load leaves the tab bar. */
  #loadSelected(): void {
    const view = this.#options.job()?.view;
    const me = view?.me ?? this.#options.me();
    const section = (view?.shown ?? this.shown).find((s) => s.scope === this.selected);
    if (!me || !section) return;
    section.load(me).catch(() => {
      warn('load-failed', `The ${section.scope} section could not be loaded.`);
      if (view) view.shown = view.shown.filter((s) => s !== section);
      else this.shown = this.shown.filter((s) => s !== section);
      this.selected = (view?.shown ?? this.shown)[0]?.scope;
    });
  }

  // Arrows, Home and End move the selection and the focus.
  #handleKey = (event: KeyboardEvent): void => {
    const job = this.#options.job();
    const tabs = job ? (job.view?.shown ?? []) : this.shown;
    const index = tabs.findIndex((section) => section.scope === this.selected);
    const last = tabs.length - 1;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.selected = tabs[(next + last + 1) % (last + 1)]!.scope;
    void this.#host.updateComplete.then(() =>
      this.#host.renderRoot.querySelector<HTMLElement>('[role=tab][aria-selected=true]')?.focus(),
    );
  };

  /** The selected section in its panel, under a tab bar when there is more than one. */
  render(me: PortalMe, shown = this.shown, job?: PortalJob) {
    const current = shown.find((section) => section.scope === this.selected);
    if (!current) return nothing;
    // One tab needs no tab bar; the panel is then simply the content.
    if (shown.length === 1) return html`<div part="panel" class="panel">${current.render(me, job)}</div>`;
    const t = this.#options.texts();
    return html`<div part="tabs" class="tabs" role="tablist" aria-label=${t.sections} @keydown=${this.#handleKey}>
        ${shown.map((section) => {
          const on = section === current;
          return html`<button
            part="tab${on ? ' tab-selected' : ''}"
            class="tab"
            type="button"
            role="tab"
            id="tab-${section.scope}"
            aria-selected=${on ? 'true' : 'false'}
            aria-controls="panel"
            tabindex=${on ? 0 : -1}
            @click=${() => (this.selected = section.scope)}
          >
            ${section.label(t)} ${section.badge?.(me) ?? nothing}
          </button>`;
        })}
      </div>
      <div part="panel" class="panel" id="panel" role="tabpanel" aria-labelledby="tab-${current.scope}" tabindex="0">
        ${current.render(me, job)}
      </div>`;
  }
}
