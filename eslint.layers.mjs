// The layer rules of the API (`no-restricted-imports` per folder: db/ imports nothing above it, only migrations,
// the CLI and the pre-tenant lookups reach the owner pool, the widget imports only types from api/) live here as an
// array of flat-config objects; eslint.config.mjs spreads it.
export default [];
