import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const PAGES: Record<string, string> = { '/': 'index.html', '/service': 'service.html', '/dispatcher': 'dispatcher.html' };
const ASSETS: Record<string, string> = { '/styles.css': 'text/css', '/dispatcher.js': 'text/javascript' };

export interface DemoOptions {
  /** The API as the browser reaches it (script src, widget API calls). */
  apiUrl: string;
  /** Calls the admin API server-side with the demo tenant's key; the key never reaches a browser. */
  admin: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;
}

/**
 * "Acme Printer Repair": a small company site on its own origin that embeds the widget exactly as a customer
 * would paste it, plus a dispatcher panel whose buttons go through this server to the admin API.
 */
export function createDemoApp({ apiUrl, admin }: DemoOptions) {
  const app = new Hono();

  for (const [path, file] of Object.entries(PAGES)) {
    app.get(path, async (c) => {
      const html = (await readFile(PUBLIC_DIR + file, 'utf8')).replaceAll('{{API_URL}}', apiUrl);
      c.header('Cache-Control', 'no-store');
      return c.html(html);
    });
  }
  for (const [path, type] of Object.entries(ASSETS)) {
    app.get(path, async (c) => c.body(await readFile(PUBLIC_DIR + path.slice(1)), 200, { 'content-type': type }));
  }

  const forward = async (c: { json: (body: unknown, status: never) => Response }, method: string, path: string, body?: unknown) => {
    const response = await admin(method, path, body);
    return c.json(response.body, response.status as never);
  };
  app.get('/dispatch/tickets', (c) => forward(c, 'GET', '/v1/admin/tickets?limit=20'));
  app.get('/dispatch/tickets/:id', (c) => forward(c, 'GET', `/v1/admin/tickets/${c.req.param('id')}`));
  app.post('/dispatch/tickets', async (c) => forward(c, 'POST', '/v1/admin/tickets', await c.req.json()));
  app.post('/dispatch/tickets/:id/events', async (c) => forward(c, 'POST', `/v1/admin/tickets/${c.req.param('id')}/events`, await c.req.json()));
  app.post('/dispatch/tickets/:id/links', async (c) => forward(c, 'POST', `/v1/admin/tickets/${c.req.param('id')}/links`, { kind: 'ticket' }));
  return app;
}
