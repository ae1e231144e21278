import { css } from 'lit';

/** The console's few shared styles: readable, high contrast, one column at phone width. */
export const consoleStyles = css`
  :host {
    display: block;
    font:
      16px/1.5 system-ui,
      sans-serif;
    color: #1e293b;
  }
  *:focus-visible {
    outline: 3px solid #1d4ed8;
    outline-offset: 2px;
  }
  label {
    display: block;
    font-weight: 600;
    margin-top: 0.75rem;
  }
  input,
  textarea,
  select {
    box-sizing: border-box;
    width: 100%;
    font: inherit;
    padding: 0.4rem;
    border: 1px solid #64748b;
    border-radius: 4px;
  }
  input[type='checkbox'] {
    width: auto;
    margin-right: 0.5rem;
  }
  button {
    font: inherit;
    padding: 0.4rem 0.9rem;
    border: 1px solid #1d4ed8;
    border-radius: 4px;
    background: #1d4ed8;
    color: #fff;
    cursor: pointer;
    margin: 0.5rem 0.5rem 0 0;
  }
  button.secondary {
    background: #fff;
    color: #1d4ed8;
  }
  [role='alert'] {
    color: #991b1b;
    font-weight: 600;
  }
  .note {
    color: #166534;
  }
  .problem {
    color: #991b1b;
  }
  ul.cards {
    list-style: none;
    padding: 0;
  }
  ul.cards > li {
    border: 1px solid #cbd5e1;
    border-radius: 6px;
    padding: 0.5rem 0.75rem;
    margin: 0.5rem 0;
    overflow-wrap: anywhere;
  }
  .muted {
    color: #475569;
  }
`;
