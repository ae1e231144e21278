import { Task } from '@lit/task';
import { html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { describeError, type ConsoleApi, type ConsoleProfile, type ConsoleProject } from './api.js';
import { fieldStyles, FormOutcome, profilesChanged } from './console-fields.js';
import { consoleStyles } from './styles.js';

/**
 * The projects and the profile each one's tickets get (none: the default profile's), changed in place; a new project
 * with its profile.
 *
 * @tagname porch-console-projects
 */
@customElement('porch-console-projects')
export class PorchConsoleProjects extends LitElement {
  static override styles = [consoleStyles, fieldStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) profiles: ConsoleProfile[] = [];
  @state() outcome = FormOutcome.none;

  readonly projects = new Task(this, {
    task: ([api], { signal }) => api.projects(signal),
    args: () => [this.api] as const,
  });

  async #run(action: () => Promise<unknown>, saved: string) {
    this.outcome = FormOutcome.none;
    try {
      await action();
      this.outcome = FormOutcome.saved(saved);
      await this.projects.run();
      profilesChanged(this);
    } catch (error) {
      this.outcome = FormOutcome.failed(error);
    }
  }

  #assign(project: ConsoleProject, select: HTMLSelectElement) {
    const profileId = select.value || null;
    const name = this.profiles.find((p) => p.id === profileId)?.name ?? 'the default profile';
    return this.#run(() => this.api.updateProject(project.id, { profileId }), `“${project.name}” now uses ${name}.`);
  }

  #create(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name')).trim();
    return this.#run(async () => {
      await this.api.createProject(name, String(data.get('profile')) || null);
      form.reset();
    }, `Created project “${name}”.`);
  }

  #profileOptions(selected: string | null) {
    return html`<option value="" ?selected=${selected === null}>Default profile</option>
      ${this.profiles.map((p) => html`<option value=${p.id} ?selected=${p.id === selected}>${p.name}</option>`)}`;
  }

  override render() {
    const { outcome } = this;
    return html`<h2 id="projects">Projects</h2>
      <p>Each project’s tickets show its profile.</p>
      ${outcome.summary()}
      ${this.projects.render({
        pending: () => html`<p role="status">Loading projects…</p>`,
        error: (error) => html`<p role="alert">${describeError(error)}</p>`,
        complete: (projects) =>
          projects.length === 0
            ? html`<p>No projects yet.</p>`
            : html`<ul class="projects" aria-labelledby="projects">
                ${projects.map(
                  (project) =>
                    html`<li>
                      <label for=${`project-${project.id}`}>${project.name}</label>
                      <select
                        id=${`project-${project.id}`}
                        @change=${(e: Event) => this.#assign(project, e.target as HTMLSelectElement)}
                      >
                        ${this.#profileOptions(project.profileId)}
                      </select>
                    </li>`,
                )}
              </ul>`,
      })}
      <form @submit=${this.#create} aria-label="New project">
        <div class="row">
          <div>
            <label for="project-name">New project’s name</label>
            <input
              id="project-name"
              name="name"
              required
              maxlength="100"
              aria-describedby="project-name-error"
              aria-invalid=${outcome.invalid('name')}
            />
            ${outcome.field('name', 'project-name-error')}
          </div>
          <div>
            <label for="project-profile">Its profile</label>
            <select id="project-profile" name="profile">
              ${this.#profileOptions(null)}
            </select>
          </div>
        </div>
        <button type="submit">Create project</button>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-projects': PorchConsoleProjects;
  }
}
