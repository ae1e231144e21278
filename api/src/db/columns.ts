/**
 * Turns a validated PATCH body into `{column: value}` for `update … set ${tx(columns)}`: only the fields present
 * in the body, renamed by `mapping` (camelCase field → snake_case column). Fields without a column are ignored.
 */
export function toColumns<T extends object>(patch: T, mapping: { [K in keyof T]?: string }): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(mapping) as [keyof T, string][]) {
    const value = patch[field];
    if (value !== undefined) columns[column] = value;
  }
  return columns;
}
