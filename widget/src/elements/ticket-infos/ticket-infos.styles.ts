import { css } from 'lit';

export const styles = css`
  .spaced {
    margin-top: var(--porch-ticket-infos-spacing, 0);
  }
  .heading {
    margin: 0 0 0.5rem;
    font-size: 1rem;
  }
  .list {
    margin: 0;
    padding: 0;
    list-style: none;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .info {
    padding: 0.75rem 1rem;
  }
  .info + .info {
    border-top: 1px solid var(--_border);
  }
  .meta {
    margin: 0 0 0.25rem;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .text {
    margin: 0;
    /* The company's line breaks are part of the message; long words and links must not widen the card. */
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  a {
    color: var(--_primary);
  }
  a:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  .notice {
    padding: 0.75rem 1rem;
  }
`;
