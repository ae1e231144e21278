import { css } from 'lit';

export const styles = css`
  :host {
    --_danger: var(--porch-color-danger, #b91c1c);
    --_field-radius: calc(var(--_radius) * 0.75);
  }
  .heading {
    margin: 0;
    font-size: 1rem;
  }
  .toggle {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    width: 100%;
    border-color: var(--_border);
    background: var(--_surface);
    color: var(--_primary);
    text-align: start;
  }
  .chevron {
    flex: none;
    width: 0.5rem;
    height: 0.5rem;
    border-right: 2px solid;
    border-bottom: 2px solid;
    transform: rotate(-45deg);
    transition: transform 0.15s;
  }
  /* Closed, the chevron points the way the text runs. */
  .chevron:dir(rtl) {
    transform: rotate(135deg);
  }
  .toggle[aria-expanded='true'] .chevron {
    transform: rotate(45deg);
  }
  .panel {
    padding: 1rem 0 0;
  }
  .panel[hidden] {
    display: none;
  }
  p {
    margin: 0;
  }
  .intro {
    margin-bottom: 1rem;
  }
  .form,
  .created {
    display: grid;
    gap: 0.25rem;
    margin-bottom: 1rem;
  }
  label,
  .list-title,
  .name {
    font-weight: 600;
  }
  .name {
    max-width: 100%;
    overflow-wrap: anywhere;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .hint:empty {
    display: none;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: 0.5rem;
  }
  input,
  textarea {
    flex: 1 1 12rem;
    min-width: 0;
    min-height: 2.5rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_muted);
    border-radius: var(--_field-radius);
    background: var(--_surface);
    color: inherit;
    font: inherit;
  }
  textarea {
    resize: none;
    overflow-wrap: anywhere;
  }
  input:focus-visible,
  textarea:focus-visible,
  .name:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  .secondary {
    border-color: var(--_primary);
    background: var(--_surface);
    color: var(--_primary);
  }
  .danger {
    border-color: var(--_danger);
    background: var(--_danger);
  }
  [aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  .problem {
    color: var(--_danger);
    font-weight: 600;
  }
  .list-title {
    margin: 0 0 0.5rem;
    font-size: 1rem;
  }
  .notice {
    justify-content: flex-start;
    padding: 0.5rem 0;
    text-align: start;
  }
  .list {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .link {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.5rem;
    justify-items: start;
    padding: 0.75rem 0;
    border-top: 1px solid var(--_border);
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0 1rem;
    margin: 0;
    padding: 0;
    list-style: none;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .meta .ended {
    color: var(--_text);
    font-weight: 600;
  }
  .confirm {
    display: grid;
    gap: 0.5rem;
  }
`;
