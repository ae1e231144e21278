import { Task, TaskStatus } from '@lit/task';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import {
  describeError,
  TICKET_STATUSES,
  type ConsoleApi,
  type ConsoleCustomerDetail,
  type ConsoleDevice,
} from './api.js';
import { ActionOutcome } from './action-outcome.js';
import { formatTime } from './format.js';
import { consoleStyles } from './styles.js';

const address = (l: { line1: string; postalCode: string | null; city: string; country: string }) =>
  `${l.line1}, ${[l.postalCode, l.city].filter(Boolean).join(' ')}, ${l.country}`;

/**
 * One customer in the console: contact data, service addresses, jobs with their status, and portal access — the
 * last sign-in, "e-mail a sign-in link", and the devices kept signed in, each of which can be signed out. Emits
 * `porch-customer-changed` after a change, so the list can refresh what it shows.
 *
 * @tagname porch-console-customer
 */
@customElement('porch-console-customer')
export class PorchConsoleCustomer extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      :host {
        overflow-wrap: anywhere;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
        margin: 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      ul.rows {
        list-style: none;
        padding: 0;
      }
      ul.rows li {
        border-top: 1px solid #cbd5e1;
        padding: 0.5rem 0;
      }
      .status {
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) customerId = '';
  readonly #outcome = new ActionOutcome(this);
  @query('#devices') devicesHeading?: HTMLElement;
  @query('h2') heading?: HTMLElement;

  readonly customer = new Task(this, {
    task: ([api, id], { signal }) => api.customer(id, signal),
    args: () => [this.api, this.customerId] as const,
  });

  override connectedCallback() {
    super.connectedCallback();
    this.setAttribute('role', 'region');
    this.setAttribute('aria-label', 'Customer details');
  }

  /** Moves the keyboard (and a screen reader) to the customer's name once they are shown. */
  async focusHeading() {
    await this.customer.taskComplete.catch(() => undefined);
    await this.updateComplete;
    this.heading?.focus();
  }

  override willUpdate(changed: Map<PropertyKey, unknown>) {
    if (changed.has('customerId')) this.#outcome.clear();
  }

  #mailLink(customer: ConsoleCustomerDetail) {
    return this.#outcome.run(async () => {
      await this.api.mailLoginLink(customer.id);
      return `A sign-in link is on its way to ${customer.email}.`;
    });
  }

  #signOut(customer: ConsoleCustomerDetail, device: ConsoleDevice) {
    return this.#outcome.run(async () => {
      await this.api.signOutDevice(customer.id, device.id);
      await this.customer.run();
      this.dispatchEvent(new CustomEvent('porch-customer-changed', { bubbles: true, composed: true }));
      // The button pressed is gone with its device: keep the keyboard where the devices are.
      this.devicesHeading?.focus();
      return 'The device is signed out.';
    });
  }

  override render() {
    const { status, value, error } = this.customer;
    if (status === TaskStatus.ERROR) return html`<p role="alert">${describeError(error)}</p>`;
    // Reloading after a change keeps the customer on screen (and the keyboard where it was).
    if (value?.id === this.customerId) return this.#customer(value);
    return html`<p role="status">Loading the customer…</p>`;
  }

  #customer(customer: ConsoleCustomerDetail) {
    return html`<h2 tabindex="-1">${customer.name}</h2>
      <dl>
        <dt>E-mail</dt>
        <dd>${customer.email ?? '—'}</dd>
        <dt>Phone</dt>
        <dd>${customer.phone ?? '—'}</dd>
        ${
          customer.externalRef
            ? html`<dt>Reference</dt>
                <dd>${customer.externalRef}</dd>`
            : nothing
        }
        <dt>Customer since</dt>
        <dd>${formatTime(customer.createdAt)}</dd>
      </dl>
      ${this.#access(customer)}
      <h3>Jobs</h3>
      ${
        customer.tickets.length === 0
          ? html`<p>No jobs.</p>`
          : html`<ul class="rows" aria-label="Jobs">
              ${customer.tickets.map((ticket) => {
                const location = customer.locations.find((l) => l.id === ticket.locationId);
                return html`<li>
                  <strong>${ticket.title}</strong>${ticket.externalRef ? ` (${ticket.externalRef})` : ''}<br />
                  <span class="status">${TICKET_STATUSES[ticket.status]}</span> · updated
                  ${formatTime(ticket.updatedAt)}${location ? html`<br />${address(location)}` : nothing}
                </li>`;
              })}
            </ul>`
      }
      <h3>Service addresses</h3>
      <ul class="rows" aria-label="Service addresses">
        ${customer.locations.map((location) => html`<li>${address(location)}</li>`)}
      </ul>`;
  }

  #access(customer: ConsoleCustomerDetail) {
    return html`<h3>Portal access</h3>
      <p>
        ${
          customer.lastSignInAt
            ? `Last signed in ${formatTime(customer.lastSignInAt)}.`
            : 'Has never signed in to the portal.'
        }
      </p>
      ${this.#outcome.render()}
      ${
        customer.email
          ? html`<button @click=${() => this.#mailLink(customer)}>E-mail a sign-in link</button>`
          : html`<p>No e-mail address: a sign-in link cannot be mailed.</p>`
      }
      <h4 id="devices" tabindex="-1">Devices kept signed in</h4>
      ${
        customer.devices.length === 0
          ? html`<p>None.</p>`
          : html`<ul class="rows" aria-label="Devices kept signed in">
              ${customer.devices.map(
                (device, i) =>
                  html`<li>
                    Signed in ${formatTime(device.signedInAt)}, last used ${formatTime(device.lastUsedAt)}, until
                    ${formatTime(device.expiresAt)}<br />
                    <button
                      class="secondary"
                      aria-label="Sign out device ${i + 1} (signed in ${formatTime(device.signedInAt)})"
                      @click=${() => this.#signOut(customer, device)}
                    >
                      Sign out
                    </button>
                  </li>`,
              )}
            </ul>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-customer': PorchConsoleCustomer;
  }
}
