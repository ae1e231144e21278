import { css } from 'lit';

export const styles = css`
  :host {
    --_star: var(--porch-feedback-form-star-color, #b45309);
    --_star-size: var(--porch-feedback-form-star-size, 2rem);
    --_danger: var(--porch-color-danger, #b91c1c);
  }
  .card {
    display: grid;
    gap: 0.75rem;
    padding: 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .title {
    margin: 0;
    font-size: 1.125rem;
  }
  fieldset {
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    padding: 0;
    margin-bottom: 0.25rem;
    font-weight: 600;
  }
  .stars {
    display: flex;
    gap: 0.25rem;
  }
  .star {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-width: 2.75rem;
    min-height: 2.75rem;
    color: var(--_muted);
    font-size: var(--_star-size);
    line-height: 1;
    cursor: pointer;
    border-radius: calc(var(--_radius) * 0.5);
  }
  .star.on,
  .given {
    color: var(--_star);
  }
  input:focus-visible + .star {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  .question {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
  }
  .question legend {
    width: 100%;
  }
  .choice {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    min-height: 2.75rem;
  }
  .choice input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
    accent-color: var(--_primary);
  }
  .field {
    font-weight: 600;
  }
  textarea {
    width: 100%;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_muted);
    border-radius: calc(var(--_radius) * 0.5);
    background: var(--_surface);
    color: inherit;
    font: inherit;
    resize: vertical;
  }
  textarea:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 1px;
  }
  .hint {
    margin: -0.5rem 0 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .submit-error {
    margin: 0;
    color: var(--_danger);
  }
  button[type='submit'] {
    justify-self: start;
  }
  .answers {
    display: grid;
    gap: 0.25rem;
    margin: 0;
  }
  .answers dt {
    font-weight: 600;
  }
  .answers dd {
    margin: 0 0 0.5rem;
  }
  .text {
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  p {
    margin: 0;
  }
`;
