import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppEnv } from '../middleware/types';

/**
 * The console's page: no inline script or style, only our own script and API; logos are ours or (set before
 * uploads) https. Never framed; the sign-in token stays in the fragment, which no request carries.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' https:",
  "style-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SHELL = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Porchlight console</title>
    <script type="module" src="/admin/console.js"></script>
  </head>
  <body>
    <porch-console></porch-console>
  </body>
</html>
`;

/** `/admin` (the HTML shell) and `/admin/console.js` (the console's own bundle from the built widget folder). */
export function consolePageRoutes(widgetDir: string) {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Content-Security-Policy', CONSOLE_CSP);
    c.res.headers.set('Cross-Origin-Resource-Policy', 'same-origin');
    c.res.headers.set('Cache-Control', 'no-cache');
  });
  app.get('/', (c) => c.html(SHELL));
  app.get('/console.js', serveStatic({ path: `${widgetDir}/console.js` }));
  return app;
}
