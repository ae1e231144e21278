import { css } from 'lit';

export const styles = css`
  :host {
    --_danger: var(--porch-color-danger, #b91c1c);
  }
  section {
    display: grid;
    gap: 0.75rem;
  }
  h3 {
    margin: 0;
    font-size: 1.0625em;
  }
  .list,
  .uploads {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .item,
  .upload {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
    padding-block: 0.5rem;
    border-block-end: 1px solid var(--_border);
    min-width: 0;
  }
  .link {
    min-height: 2.5rem;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_primary);
    font-weight: 600;
    text-align: start;
    text-decoration: underline;
    overflow-wrap: anywhere;
  }
  .meta,
  .hint,
  .empty {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .empty,
  .hint {
    margin: 0;
  }
  .upload-name {
    flex: 1 1 10rem;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  progress {
    flex: 1 1 8rem;
    min-width: 0;
    accent-color: var(--_primary);
  }
  .problem {
    color: var(--_danger);
  }
  p.problem {
    margin: 0;
  }
  .dropzone {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
    padding: 1rem;
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .dropzone.dragging {
    border-color: var(--_primary);
  }
  .dropzone .hint {
    flex-basis: 100%;
  }
`;
