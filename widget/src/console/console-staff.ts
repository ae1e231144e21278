import { Task } from '@lit/task';
import { html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { describeError, type ConsoleApi, type ConsoleStaff, type StaffRole } from './api.js';
import { ActionOutcome } from './action-outcome.js';
import { formatDay } from './format.js';
import { consoleStyles } from './styles.js';

const ROLES: { role: StaffRole; label: string }[] = [
  { role: 'dispatcher', label: 'Dispatcher (day-to-day work)' },
  { role: 'admin', label: 'Admin (also keys, staff, settings)' },
  { role: 'owner', label: 'Owner (also makes owners)' },
];

/**
 * Staff: who may sign in to the console, inviting someone by e-mail with a role, changing a role and removing
 * someone. Owners and admins only (the console offers it no dispatcher); the API keeps one owner (409 LAST_OWNER),
 * which is shown as it comes.
 *
 * @tagname porch-console-staff
 */
@customElement('porch-console-staff')
export class PorchConsoleStaff extends LitElement {
  static override styles = consoleStyles;

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) staffRole = '';
  readonly #outcome = new ActionOutcome(this);

  readonly staff = new Task(this, {
    task: async ([api], { signal }) => {
      const [staff, me] = await Promise.all([api.staff(signal), api.session(signal)]);
      return { staff, myId: me.staff.id };
    },
    args: () => [this.api] as const,
  });

  #act(work: () => Promise<unknown>, done: string) {
    return this.#outcome.run(async () => {
      try {
        await work();
      } finally {
        // Reloaded either way: what the list shows is what the API has.
        await this.staff.run();
      }
      return done;
    });
  }

  #invite(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email'));
    return this.#act(async () => {
      await this.api.inviteStaff(email, String(data.get('role')) as StaffRole);
      form.reset();
    }, `Invite sent to ${email}.`);
  }

  #changeRole(event: SubmitEvent, member: ConsoleStaff) {
    event.preventDefault();
    const role = String(new FormData(event.target as HTMLFormElement).get('role')) as StaffRole;
    return this.#act(() => this.api.changeStaffRole(member.id, role), `${member.email} is now ${role}.`);
  }

  #remove(member: ConsoleStaff) {
    if (!confirm(`Remove ${member.email}? Their sessions end at once.`)) return;
    return this.#act(() => this.api.removeStaff(member.id), `${member.email} removed.`);
  }

  override render() {
    return html`<h1>Staff</h1>
      ${this.#outcome.render()}
      ${this.staff.render({
        pending: () =>
          this.staff.value
            ? this.#manage(this.staff.value.staff, this.staff.value.myId)
            : html`<p role="status">Loading staff…</p>`,
        error: (error) => html`<p role="alert">${describeError(error)}</p>`,
        complete: ({ staff, myId }) => this.#manage(staff, myId),
      })}`;
  }

  #manage(staff: ConsoleStaff[], myId: string) {
    return html`<ul class="cards">
        ${staff.map((member) => this.#member(member, member.id === myId))}
      </ul>
      <h2>Invite someone</h2>
      <form @submit=${this.#invite}>
        <label for="invite-email">E-mail</label>
        <input id="invite-email" name="email" type="email" autocomplete="off" required />
        <label for="invite-role">Role</label>
        <select id="invite-role" name="role">
          ${ROLES.map((r) => html`<option value=${r.role}>${r.label}</option>`)}
        </select>
        <button type="submit">Send invite</button>
      </form>`;
  }

  #member(member: ConsoleStaff, isMe: boolean) {
    const id = `role-${member.id}`;
    return html`<li>
      <strong>${member.email}</strong>${isMe ? html` <span class="muted">(you)</span>` : nothing}
      <span class="muted">· ${member.role} · since ${formatDay(member.createdAt)}</span>
      <form @submit=${(e: SubmitEvent) => this.#changeRole(e, member)}>
        <label for=${id}>Role of ${member.email}</label>
        <select id=${id} name="role">
          ${ROLES.map((r) => html`<option value=${r.role} ?selected=${r.role === member.role}>${r.label}</option>`)}
        </select>
        <button type="submit" class="secondary">Change role</button>
        <button
          type="button"
          class="secondary"
          aria-label="Remove ${member.email}"
          @click=${() => this.#remove(member)}
        >
          Remove
        </button>
      </form>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-staff': PorchConsoleStaff;
  }
}
