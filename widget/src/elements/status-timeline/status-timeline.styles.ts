import { css } from 'lit';

export const styles = css`
  :host {
    --_dot-size: var(--porch-status-timeline-dot-size, 1rem);
    --_line-width: var(--porch-status-timeline-line-width, 2px);
    --_current-background: var(
      --porch-status-timeline-current-background,
      color-mix(in srgb, var(--_primary) 7%, var(--_surface))
    );
    --_pad: 0.625rem;
    container-type: inline-size;
  }
  .header {
    margin-bottom: 0.75rem;
  }
  .title {
    margin: 0;
    font-size: 1.0625rem;
    font-weight: 600;
    line-height: 1.35;
  }
  .note {
    margin: 0.125rem 0 0;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .visit {
    margin: 0.25rem 0 0;
    font-weight: 600;
  }
  .problem {
    margin: 0.5rem 0 0;
    font-weight: 400;
  }
  .hold {
    margin: 0 0 0.75rem;
    padding: 0.5rem 0.75rem;
    border-inline-start: 3px solid;
    font-weight: 650;
  }
  .steps {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .step {
    position: relative;
    display: grid;
    grid-template-columns: var(--_dot-size) minmax(0, 1fr);
    column-gap: 0.875rem;
    padding: var(--_pad) 0.75rem;
    border-radius: var(--_radius);
  }
  /* The line runs from this dot's centre to the next one's; its colour says whether that stretch is travelled. */
  .step:not(:last-child)::before {
    content: '';
    position: absolute;
    top: calc(var(--_pad) + 0.75em);
    inset-inline-start: calc(0.75rem + var(--_dot-size) / 2 - var(--_line-width) / 2);
    width: var(--_line-width);
    height: 100%;
    z-index: 1;
    background: var(--_border);
  }
  .step.done::before {
    background: var(--_primary);
  }
  .dot {
    position: relative;
    z-index: 2;
    display: grid;
    place-items: center;
    width: var(--_dot-size);
    height: var(--_dot-size);
    margin-top: calc((1.5em - var(--_dot-size)) / 2);
    border: var(--_line-width) solid var(--_border);
    border-radius: 50%;
    background: var(--_surface);
  }
  .done .dot {
    border-color: var(--_primary);
    background: var(--_primary);
  }
  .done .dot::after {
    content: '';
    width: 30%;
    height: 55%;
    margin-top: -12%;
    border: solid var(--_surface);
    border-width: 0 2px 2px 0;
    transform: rotate(45deg);
  }
  .current {
    background: var(--_current-background);
  }
  .current .dot {
    border-color: var(--_primary);
    box-shadow: 0 0 0 4px color-mix(in srgb, var(--_primary) 18%, transparent);
  }
  .current .dot::after {
    content: '';
    width: 45%;
    height: 45%;
    border-radius: 50%;
    background: var(--_primary);
  }
  .cancelled .current {
    filter: grayscale(1);
  }
  .cancelled .upcoming .label {
    text-decoration: line-through;
  }
  .line {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    column-gap: 0.75rem;
  }
  .label {
    font-weight: 500;
  }
  .current .label {
    font-weight: 650;
  }
  .upcoming .label {
    color: var(--_muted);
  }
  .time {
    margin-inline-start: auto;
    color: var(--_muted);
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  @container (max-width: 26rem) {
    /* On a phone the time has a line of its own, and may wrap when it names the site's zone. */
    .time {
      flex-basis: 100%;
      margin-inline-start: 0;
      white-space: normal;
    }
  }
  .details {
    display: grid;
    gap: 0.25rem;
    margin-top: 0.5rem;
    padding: 0.5rem 0.75rem;
    border-radius: calc(var(--_radius) * 0.5);
    background: var(--_current-background);
    font-size: 0.875rem;
  }
  .detail {
    margin: 0;
  }
  .key {
    color: var(--_muted);
  }
`;
