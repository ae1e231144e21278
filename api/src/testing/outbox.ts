import { createServer, type IncomingMessage } from 'node:http';
import { withTenant, type Sql } from '../db/client';

/**
 * Many pending emails for one ticket in one statement, for bulk runs (tests, bench). Real messages go through
 * enqueueMessage; these carry a plain template so the run measures the outbox and SMTP, not link minting.
 */
export async function seedEmails(
  sql: Sql,
  tenantId: string,
  ticketId: string,
  count: number,
  now: Date,
  recipient = 'bulk@example.com',
) {
  await withTenant(
    sql,
    tenantId,
    (tx) => tx`
    insert into outbox (tenant_id, ticket_id, trigger, channel, recipient, language, portal_mode, template, context,
                        next_attempt_at, created_at)
    select ${tenantId}, ${ticketId}, 'ticket_created', 'email', ${recipient}, 'en', 'tracking',
           jsonb_build_object('subject', 'Message ' || n, 'body', 'Hello {{customer.name}}, number ' || n),
           ${tx.json({ 'customer.name': 'Bulk' } as never)}, ${now}, ${now}
    from generate_series(1, ${count}) as n`,
  );
}

export interface SmsRequest {
  headers: IncomingMessage['headers'];
  form: URLSearchParams;
}

/** A Twilio-shaped messages endpoint on a loopback port: records each request, answers with `respond`. */
export async function startSmsPeer(
  respond: (request: SmsRequest) => { status: number; body: unknown } = () => ({
    status: 201,
    body: { sid: `SM${Date.now()}` },
  }),
) {
  const requests: SmsRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const request = { headers: req.headers, form: new URLSearchParams(body) };
      requests.push(request);
      const answer = respond(request);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/2010-04-01/Accounts/AC123/Messages.json`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
