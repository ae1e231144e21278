import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consoleApi, describeError, type ConsoleApi, type StaffRole, type StaffSession } from './api.js';
import { useSiteZone } from './format.js';
import { consoleStyles } from './styles.js';
import './console-actions.js';
import './console-customers.js';
import './console-profiles.js';
import './console-settings.js';
import './console-tickets.js';
import './console-api-keys.js';
import './console-staff.js';
import './console-sessions.js';

/**
 * The console's screens, in navigation order: each is an element given the API client and the staff member's role.
 * `managersOnly` (what a dispatcher would be refused, in the API's MANAGERS_ONLY table): not in a dispatcher's nav.
 */
const VIEWS = {
  tickets: {
    label: 'Tickets',
    render: (api: ConsoleApi, role: string) =>
      html`<porch-console-tickets .api=${api} .staffRole=${role}></porch-console-tickets>`,
  },
  customers: {
    label: 'Customers',
    render: (api: ConsoleApi, role: string) =>
      html`<porch-console-customers .api=${api} .staffRole=${role}></porch-console-customers>`,
  },
  profiles: {
    label: 'Profiles',
    render: (api: ConsoleApi, role: string) =>
      html`<porch-console-profiles .api=${api} .staffRole=${role}></porch-console-profiles>`,
  },
  actions: {
    label: 'Automated actions',
    render: (api: ConsoleApi, role: string) =>
      html`<porch-console-actions .api=${api} .staffRole=${role}></porch-console-actions>`,
  },
  settings: {
    label: 'Settings',
    render: (api: ConsoleApi, role: string) =>
      html`<porch-console-settings .api=${api} .staffRole=${role}></porch-console-settings>`,
  },
  apiKeys: {
    label: 'API keys',
    managersOnly: 'manage API keys',
    render: (api: ConsoleApi, role: string) =>
      html`<porch-console-api-keys .api=${api} .staffRole=${role}></porch-console-api-keys>`,
  },
  staff: {
    label: 'Staff',
    managersOnly: 'manage the staff',
    render: (api: ConsoleApi, role: string) =>
      html`<porch-console-staff .api=${api} .staffRole=${role}></porch-console-staff>`,
  },
  sessions: {
    label: 'Your sessions',
    render: (api: ConsoleApi) => html`<porch-console-sessions .api=${api}></porch-console-sessions>`,
  },
} satisfies Record<string, { label: string; managersOnly?: string; render(api: ConsoleApi, role: string): unknown }>;
type View = keyof typeof VIEWS;

/** What `role` cannot do on `view` (the reason it is not offered), or undefined when the role may use it. */
const refusal = (view: View, role: StaffRole) =>
  role === 'dispatcher' && 'managersOnly' in VIEWS[view] ? VIEWS[view].managersOnly : undefined;
const TOKEN_PARAM = 'porch-staff';

/**
 * The company console at /admin: redeems a `#porch-staff=` sign-in link (and removes it from the address), offers
 * "email me a sign-in link" otherwise, and once signed in shows the staff member, navigation and the screens.
 */
@customElement('porch-console')
export class PorchConsole extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      header,
      main {
        max-width: 64rem;
        margin: 0 auto;
        padding: 0 1rem;
      }
      header {
        border-bottom: 1px solid #cbd5e1;
        padding-bottom: 0.5rem;
      }
      /* One row of screens that scrolls sideways on a phone, instead of three rows of buttons above every screen. */
      nav {
        display: flex;
        gap: 0.25rem;
        overflow-x: auto;
        padding: 0.25rem 0.25rem 0.5rem;
      }
      nav button {
        flex: none;
        margin: 0;
      }
      nav .sign-out {
        margin-left: auto;
      }
    `,
  ];

  readonly api = consoleApi();
  @state() session: StaffSession | null = null;
  @state() checking = true;
  @state() view: View = 'profiles';
  @state() error = '';
  @state() mailSent = false;

  override connectedCallback() {
    super.connectedCallback();
    void this.#start();
  }

  async #start() {
    const token = new URLSearchParams(location.hash.slice(1)).get(TOKEN_PARAM);
    if (token) {
      // The token works once: out of the address (and history) before anything else can read or share it.
      history.replaceState(history.state, '', location.pathname + location.search);
      try {
        this.session = await this.api.signIn(token);
      } catch (error) {
        this.error = `Sign-in link not accepted: ${describeError(error)}`;
      }
    } else {
      this.session = await this.api.session().catch(() => null);
    }
    // Every role reads the settings; without them the times show in the viewer's own zone.
    if (this.session) useSiteZone((await this.api.settings().catch(() => null))?.timezone ?? null);
    this.checking = false;
  }

  async #requestLink(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.error = '';
    try {
      await this.api.requestSignIn(String(form.get('tenant')), String(form.get('email')));
      this.mailSent = true;
    } catch (error) {
      this.error = describeError(error);
    }
  }

  async #signOut() {
    try {
      await this.api.signOut();
    } catch {
      // An ended session is signed out too.
    }
    this.session = null;
  }

  override render() {
    if (this.checking) return html`<p role="status">Checking your session…</p>`;
    return this.session ? this.#shell(this.session) : this.#signInForm();
  }

  #signInForm() {
    const tenant = new URLSearchParams(location.search).get('tenant') ?? '';
    return html`<main>
      <h1>Porchlight console</h1>
      ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
      ${
        this.mailSent
          ? html`<p role="status" class="note">
              Check your mail: if the address is on the staff, a sign-in link is on its way.
            </p>`
          : html`<form @submit=${this.#requestLink}>
              <p>We e-mail you a sign-in link.</p>
              ${
                tenant
                  ? html`<input type="hidden" name="tenant" .value=${tenant} />`
                  : html`<label for="tenant">Company id</label><input id="tenant" name="tenant" required />`
              }
              <label for="email">Your e-mail</label>
              <input id="email" name="email" type="email" autocomplete="email" required />
              <button type="submit">Email me a sign-in link</button>
            </form>`
      }
    </main>`;
  }

  #shell(session: StaffSession) {
    const role = session.staff.role;
    const link = (view: View) =>
      html`<button
        class=${this.view === view ? '' : 'secondary'}
        aria-current=${this.view === view ? 'page' : 'false'}
        @click=${() => (this.view = view)}
      >
        ${VIEWS[view].label}
      </button>`;
    return html`<header>
        <p class="who">Signed in as <strong>${session.staff.email}</strong> (${session.staff.role})</p>
        <nav aria-label="Console">
          ${(Object.keys(VIEWS) as View[]).filter((view) => !refusal(view, role)).map(link)}
          <button class="secondary sign-out" @click=${this.#signOut}>Sign out</button>
        </nav>
      </header>
      <main>${this.#screen(this.view, role)}</main>`;
  }

  /** A screen the role cannot use is never requested (it would only answer 403): a sentence says why instead. */
  #screen(view: View, role: StaffRole) {
    const refused = refusal(view, role);
    return refused
      ? html`<h1>${VIEWS[view].label}</h1>
          <p role="alert">Your role (${role}) cannot ${refused}; ask an owner or admin.</p>`
      : VIEWS[view].render(this.api, role);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console': PorchConsole;
  }
}
