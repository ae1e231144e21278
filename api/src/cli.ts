import { parseArgs } from 'node:util';
import { startDemo } from '../../demo/start';
import { openForCommand } from './db/locate';
import { createTenant, findTenantByPublicId, listTenants, rotateApiKey } from './db/tenants';
import { readEnv } from './env';
import { isUuid } from './lib/ids';
import { Origin } from './schemas/common';
import { startApiServer } from './server';

const USAGE = `Usage:
  porchlight start                      API + widget + demo site (embedded database unless DATABASE_URL)
  porchlight tenant create --name NAME --origin URL [--origin URL …] [--portal-url URL] [--json]
  porchlight tenant list [--json]
  porchlight tenant rotate-key --tenant ID [--overlap-hours H] [--json]`;

async function main(argv: string[]) {
  const env = readEnv();
  const [command, sub] = argv;
  if (command === 'start') return start(env);
  if (command !== 'tenant' || !sub) return fail(USAGE);

  const { values } = parseArgs({
    args: argv.slice(2),
    options: {
      name: { type: 'string' },
      origin: { type: 'string', multiple: true },
      'portal-url': { type: 'string' },
      tenant: { type: 'string' },
      'overlap-hours': { type: 'string', default: '24' },
      json: { type: 'boolean', default: false },
    },
  });
  const database = await openForCommand(env);
  try {
    if (sub === 'create') {
      const origins = values.origin ?? [];
      if (!values.name) return fail('tenant create needs --name');
      const bad = origins.filter((o) => !Origin.safeParse(o).success);
      if (origins.length === 0 || bad.length) return fail(`--origin must be bare origins like https://acme.example${bad.length ? ` (got ${bad.join(', ')})` : ''}`);
      const tenant = await createTenant(database.sql, { name: values.name, origins, portalUrl: values['portal-url'] });
      print(values.json, { tenantId: tenant.tenantId, apiKey: tenant.apiKey }, `Tenant ${tenant.tenantId} created.\nAPI key (shown once, store it now): ${tenant.apiKey}`);
    } else if (sub === 'list') {
      const tenants = await listTenants(database.sql);
      print(values.json, tenants, tenants.map((t) => `${t.id}  ${t.publicId.padEnd(14)} ${t.name}  [${t.allowedOrigins.join(' ')}]`).join('\n') || 'No tenants.');
    } else if (sub === 'rotate-key') {
      const ref = values.tenant ?? '';
      const tenantId = isUuid(ref) ? ref : await findTenantByPublicId(database.sql, ref);
      const hours = Number(values['overlap-hours']);
      if (!tenantId) return fail(`No tenant ${ref || '(give --tenant)'}`);
      if (!Number.isFinite(hours) || hours < 0 || hours > 720) return fail('--overlap-hours must be between 0 and 720');
      const apiKey = await rotateApiKey(database.sql, tenantId, hours, new Date());
      print(values.json, { tenantId, apiKey }, `New API key (shown once): ${apiKey}\nPrevious keys stop working in ${hours} h.`);
    } else {
      return fail(USAGE);
    }
  } finally {
    await database.close();
  }
}

function print(json: boolean | undefined, data: unknown, text: string) {
  process.stdout.write((json ? JSON.stringify(data) : text) + '\n');
}

function fail(message: string): never {
  process.stderr.write(message + '\n');
  process.exit(2);
}

async function start(env: ReturnType<typeof readEnv>) {
  const api = await startApiServer(env);
  const demo = await startDemo(api, { port: env.DEMO_PORT ?? api.port + 1, publicApiUrl: env.PUBLIC_URL ?? api.url });
  process.stdout.write(`
  Porchlight is running (${api.database.kind === 'embedded' ? `embedded PostgreSQL${env.PORCHLIGHT_MEMORY ? ', in memory' : ` in ${env.PORCHLIGHT_DATA}`}` : 'PostgreSQL'})

  API + widget   ${api.url}            (OpenAPI: ${api.url}/v1/openapi.json)
  Demo site      ${demo.siteUrl}
  Dispatcher     ${demo.dispatcherUrl}
  Customer link  ${demo.customerLink}

`);
  const stop = async () => {
    await demo.stop();
    await api.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
