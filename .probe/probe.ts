import { startHarness } from '../api/src/testing/harness';
import { seedEmails } from '../api/src/testing/outbox';
import { smtpChannel } from '../api/src/services/outbox/channels';
import { startLocalSmtp } from '../api/src/services/outbox/local-smtp';
import { OutboxWorker } from '../api/src/services/outbox/worker';
const h = await startHarness();
const peer = await startLocalSmtp({ parse: false });
const t = await h.createTicket(h.a);
await seedEmails(h.db.sql, h.a.tenantId, t.id, 200, h.clock.now());
const ch = smtpChannel({ url: peer.url, from: 'x@y.z' });
const w = new OutboxWorker(h.db.sql, h.clock, { email: ch });
let s = performance.now();
while ((await w.runOnce()) > 0) console.log('round', (performance.now() - s).toFixed(0));
console.log(w.stats, performance.now() - s);
s = performance.now();
await ch.send({ messageId: '<a@b>', fromName: 'x', to: 'a@b.c', subject: 's', text: 't', html: '<p>t</p>', headers: {}, automated: false });
console.log('one send', performance.now() - s);
ch.close(); await peer.close(); await h.close();
export {}
