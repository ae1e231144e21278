import { css } from 'lit';

export const styles = css`
  :host {
    --_danger: var(--porch-color-danger, #b91c1c);
  }
  .secondary {
    background: var(--_surface);
    color: var(--_primary);
  }
  .confirm {
    display: grid;
    gap: 0.75rem;
    padding: 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .confirm p {
    margin: 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .problem {
    color: var(--_danger);
  }
  .resolved {
    margin: 0;
    color: var(--_muted);
  }
`;
