import type { PortalJob } from '../api/types.js';

export interface PorchJobSelectedDetail {
  jobId: string;
  /** The job as the list showed it. */
  job: PortalJob;
}

/** The customer chose a job in `<porch-job-list>`. Bubbles and crosses shadow roots. */
export class PorchJobSelectedEvent extends CustomEvent<PorchJobSelectedDetail> {
  constructor(detail: PorchJobSelectedDetail) {
    super('porch-job-selected', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'porch-job-selected': PorchJobSelectedEvent;
  }
}
