// The layer rules (issue 15, points 1 and 3) as import restrictions, for eslint.config.mjs to spread in:
//   db/          persistence only: imports nothing above it and no HTTP error type;
//   routes/, services/, middleware/   never the owner pool: only TenantDb (db/tenant-db) and the
//                pre-tenant lookups (db/pre-tenant) plus the persistence functions that take their Tx;
//   widget/      no value import from the API's sources (types only).
// Tests and test helpers set up and inspect the database directly, so they are exempt from the pool rule.

const TESTS = ['**/*.test.ts', 'api/src/testing/**'];

/** The modules that hold or open the privileged pool. */
const OWNER_POOL = '(^|/)db/(client|open|embedded|migrate|locate)(\\.js|\\.ts)?$';

export default [
  {
    name: 'porchlight/layers/db',
    files: ['api/src/db/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(services|routes|middleware)(/|$)',
              message: 'db/ is persistence only: it must not import services/, routes/ or middleware/.',
            },
            {
              regex: '^(\\.\\./)+lib/errors(\\.js|\\.ts)?$',
              message: 'db/ answers domain outcomes (lib/outcomes), never HTTP errors (lib/errors).',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'porchlight/layers/owner-pool',
    files: ['api/src/routes/**/*.ts', 'api/src/services/**/*.ts', 'api/src/middleware/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: OWNER_POOL,
              message:
                'Routes, services and middleware get the tenant-scoped handle (db/tenant-db) and the pre-tenant lookups (db/pre-tenant), never the pool.',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'porchlight/layers/widget',
    files: ['widget/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)api/src/',
              allowTypeImports: true,
              message: 'The widget may import types from api/ (import type), never values: it ships to browsers.',
            },
          ],
        },
      ],
    },
  },
];
