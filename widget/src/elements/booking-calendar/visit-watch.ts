import type { ReactiveControllerHost } from 'lit';
import type { PorchClient } from '../../api/client.js';
import type { PorchApiError } from '../../api/errors.js';
import type { LiveStream } from '../../internal/live-stream.js';
import { warn } from '../../internal/porch-element.js';

/**
 * The calendar's view of the ticket's live events: tells of each `visit_problem` event (staff closed or reopened
 * the visit's day, its technician is away or back, its parts moved), so the booked visit is flagged or unflagged
 * without a reload. The stream's module loads once a month showed, and one ticket is followed at a time.
 */
export class VisitWatch {
  #host: ReactiveControllerHost;
  #onChange: () => void;
  #onFailure: (error: PorchApiError) => void;
  #live?: LiveStream;
  #follow?: { client: PorchClient; id: string };

  constructor(host: ReactiveControllerHost, onChange: () => void, onFailure: (error: PorchApiError) => void) {
    this.#host = host;
    this.#onChange = onChange;
    this.#onFailure = onFailure;
  }

  follow(client: PorchClient, id: string): void {
    if (this.#follow?.client === client && this.#follow.id === id) return;
    this.#follow = { client, id };
    if (this.#live) return this.#live.open(client, id);
    import('../../internal/live-stream.js').then(
      ({ LiveStream }) => {
        this.#live ??= new LiveStream(this.#host, {
          onMessage: ({ event }) => {
            if (event.kind === 'visit_problem') this.#onChange();
          },
          onFailure: (error) => {
            this.#follow = undefined;
            this.#onFailure(error);
          },
        });
        if (this.#follow) this.#live.open(this.#follow.client, this.#follow.id);
      },
      () => warn('load-failed', 'Live updates could not be loaded.'),
    );
  }
}
