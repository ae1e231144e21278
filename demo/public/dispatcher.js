// The dispatcher panel: plain DOM, talking only to this demo site's server (/dispatch/*).
const STATUSES = [
  ['received', 'Ticket Received'],
  ['scheduling', 'Ticket Scheduling'],
  ['dispatched', 'Ticket Dispatched'],
  ['on_route', 'On Route to You'],
  ['onsite', 'Arrived Onsite'],
  ['completed', 'Visit Completed'],
  ['closed', 'Closed'],
];
// Coordinates of the demo's service sites, so the simulated drive has somewhere to go.
const SITES = { Berlin: { lat: 52.5128, lng: 13.3892 }, Potsdam: { lat: 52.3906, lng: 13.0645 } };
// One clock for the panel: 24-hour times in the site's zone, the zone named when this browser is elsewhere.
const SITE_ZONE = 'Europe/Berlin';
const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const offset = (at, timeZone) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
function siteTime(iso, { timeZone = SITE_ZONE, date = false, named = true } = {}) {
  const at = new Date(iso);
  const zone = named && offset(at, timeZone) !== offset(at, BROWSER_ZONE) ? { timeZoneName: 'short' } : {};
  const day = date ? { day: 'numeric', month: 'short' } : {};
  return new Intl.DateTimeFormat('en-GB', {
    ...day,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
    ...zone,
  }).format(at);
}
const label = (status) => STATUSES.find(([key]) => key === status)?.[1] ?? status;
const notice = document.getElementById('notice');
const tbody = document.getElementById('tickets');

function say(text, isError = false) {
  notice.hidden = false;
  notice.classList.toggle('error', isError);
  notice.replaceChildren();
  if (text instanceof Node) notice.append(text);
  else notice.textContent = text;
}

const csrfToken = document.querySelector('meta[name="csrf-token"]').content;

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  if (!response.ok) throw new Error(json.error ? `${json.error.code}: ${json.error.message}` : response.statusText);
  return json;
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

async function sendLink(ticket) {
  const { url } = await call('POST', `/dispatch/tickets/${ticket.id}/links`);
  say(
    el(
      'span',
      {},
      `Customer link for “${ticket.title}”: `,
      el('a', { href: url, target: '_blank', rel: 'noopener' }, url),
    ),
  );
}

/** Mails a login link (all of the customer's jobs) through the outbox; the link is minted when the mail goes out. */
async function resendAccess(ticket) {
  await call('POST', `/dispatch/tickets/${ticket.id}/login-link`);
  say(
    `An access link to all their jobs is on its way to ${ticket.customerName} (works once; older links stop working). See the mailbox.`,
  );
  setTimeout(() => loadMailbox().catch(() => {}), 1500);
}

/** Creates a sample invoice for the ticket and sends it: the customer gets a mail whose link opens the invoice. */
async function sendInvoice(ticket) {
  const invoice = await call('POST', `/dispatch/tickets/${ticket.id}/invoice`);
  say(
    `Invoice ${invoice.number} is on its way to ${ticket.customerName}; its link opens the invoice. See the mailbox.`,
  );
  setTimeout(() => loadMailbox().catch(() => {}), 1500);
}

async function move(ticket, status, technician) {
  const body = { status };
  if (technician) body.technician = { firstName: technician };
  if (status === 'on_route') {
    const from = new Date(Date.now() + 20 * 60_000);
    body.eta = { from: from.toISOString(), to: new Date(from.getTime() + 30 * 60_000).toISOString() };
  }
  await call('POST', `/dispatch/tickets/${ticket.id}/events`, body);
  say(`“${ticket.title}” is now: ${label(status)}. The customer sees it the next time their page is visible.`);
  await load();
}

function row(ticket) {
  const current = STATUSES.findIndex(([key]) => key === ticket.status);
  const select = el(
    'select',
    { 'aria-label': `Next status for ${ticket.title}` },
    ...STATUSES.slice(current + 1).map(([key, text]) => el('option', { value: key }, text)),
  );
  const tech = el('input', {
    placeholder: 'Technician first name',
    value: ticket.technician ?? 'Sam',
    size: 12,
    'aria-label': 'Technician first name',
  });
  const moveButton = el('button', { className: 'button', type: 'button', textContent: 'Move' });
  moveButton.addEventListener('click', () =>
    move(ticket, select.value, tech.value.trim()).catch((e) => say(e.message, true)),
  );
  const linkButton = el('button', { className: 'button secondary', type: 'button', textContent: 'Customer link' });
  linkButton.addEventListener('click', () => sendLink(ticket).catch((e) => say(e.message, true)));
  const accessButton = el('button', {
    className: 'button secondary',
    type: 'button',
    textContent: 'Resend access link',
  });
  accessButton.addEventListener('click', () => resendAccess(ticket).catch((e) => say(e.message, true)));
  const invoiceButton = el('button', { className: 'button secondary', type: 'button', textContent: 'Send invoice' });
  invoiceButton.addEventListener('click', () => sendInvoice(ticket).catch((e) => say(e.message, true)));
  const messagesButton = el('button', { className: 'button secondary', type: 'button', textContent: 'Messages' });
  messagesButton.addEventListener('click', () => showMessages(ticket).catch((e) => say(e.message, true)));
  const driveButton = el('button', { className: 'button secondary', type: 'button', textContent: 'Simulate drive' });
  driveButton.addEventListener('click', () =>
    call('POST', `/dispatch/tickets/${ticket.id}/drive`)
      .then(() =>
        say(`${ticket.technician ?? 'The technician'} is driving to ${ticket.customerName} — watch the customer page.`),
      )
      .then(() => setTimeout(load, 1000))
      .catch((e) => say(e.message, true)),
  );
  const travelling = ['received', 'scheduling', 'dispatched', 'on_route'].includes(ticket.status);
  const actions =
    current < STATUSES.length - 1
      ? [
          select,
          tech,
          moveButton,
          linkButton,
          accessButton,
          invoiceButton,
          messagesButton,
          ...(travelling ? [driveButton] : []),
        ]
      : [linkButton, accessButton, invoiceButton, messagesButton];
  return el(
    'tr',
    {},
    el(
      'td',
      {},
      el('strong', {}, ticket.title),
      el('br'),
      el('small', {}, ticket.externalRef ?? ticket.id.slice(0, 8)),
    ),
    el('td', {}, ticket.customerName, el('br'), el('small', {}, ticket.city)),
    el('td', {}, el('span', { className: 'status' }, label(ticket.status))),
    el('td', {}, el('div', { className: 'actions' }, ...actions)),
  );
}

const messagesPanel = document.getElementById('messages-panel');
let shownTicket = null;

/** What went out for the ticket: state, failure reason, and a resend (forced past the 60 s throttle). */
async function showMessages(ticket) {
  shownTicket = ticket;
  const { items } = await call('GET', `/dispatch/tickets/${ticket.id}/messages`);
  messagesPanel.hidden = false;
  document.getElementById('messages-title').textContent = `Messages for “${ticket.title}”`;
  document.getElementById('messages').replaceChildren(
    ...(items.length
      ? items.map((m) => {
          const resend = el('button', { className: 'button secondary', type: 'button', textContent: 'Resend' });
          resend.addEventListener('click', () =>
            call('POST', `/dispatch/outbox/${m.id}/resend`)
              .then(() => say('Queued again.'))
              .then(() => setTimeout(() => showMessages(ticket).then(loadMailbox), 1500))
              .catch((e) => say(e.message, true)),
          );
          const state = m.failureReason ? `${m.state}: ${m.failureReason}` : m.state;
          return el(
            'tr',
            {},
            el('td', {}, siteTime(m.sentAt ?? m.createdAt, { timeZone: ticket.location?.timezone, date: true })),
            el('td', {}, m.channel),
            el('td', {}, m.recipient ?? '—'),
            el(
              'td',
              {},
              el('span', { className: 'status' }, state),
              m.lastError ? el('br') : '',
              m.lastError ? el('small', {}, m.lastError) : '',
            ),
            el('td', {}, m.channel === 'info' ? '' : resend),
          );
        })
      : [el('tr', {}, el('td', { colSpan: 5 }, 'No messages for this ticket.'))]),
  );
}

/** Turns the URLs in a mail's text into links (the portal link opens the customer's page). */
function linkify(text) {
  return text
    .split(/(https?:\/\/\S+)/)
    .map((part, i) => (i % 2 ? el('a', { href: part, target: '_blank', rel: 'noopener' }, part) : part));
}

async function loadMailbox() {
  const { configured, items } = await call('GET', '/dispatch/mailbox');
  const list = document.getElementById('mailbox');
  if (!configured) return list.replaceChildren(el('li', {}, 'Mail goes to the SMTP server in SMTP_URL.'));
  list.replaceChildren(
    ...(items.length
      ? items.map((mail) =>
          el(
            'li',
            {},
            el('strong', {}, mail.subject),
            ' → ',
            mail.to.join(', '),
            ' ',
            el('small', {}, siteTime(mail.receivedAt)),
            el('pre', {}, ...linkify(mail.text)),
          ),
        )
      : [el('li', {}, 'No mail yet. Create a ticket with an email address.')]),
  );
}

/** One pending service request: what, who, where, and Approve / Decline (with a reason). */
function requestRow(request) {
  const reason = el('input', {
    placeholder: 'Reason to decline',
    size: 18,
    'aria-label': `Reason to decline ${request.reference}`,
  });
  const approve = el('button', { className: 'button', type: 'button', textContent: 'Approve' });
  approve.addEventListener('click', () =>
    call('POST', `/dispatch/service-requests/${request.id}/approve`)
      .then(() => say(`${request.reference} approved: a ticket was created and ${request.customer.name} was told.`))
      .then(load)
      .catch((e) => say(e.message, true)),
  );
  const decline = el('button', { className: 'button secondary', type: 'button', textContent: 'Decline' });
  decline.addEventListener('click', () =>
    call('POST', `/dispatch/service-requests/${request.id}/decline`, { reason: reason.value.trim() })
      .then(() => say(`${request.reference} declined; ${request.customer.name} reads the reason in the portal.`))
      .then(load)
      .catch((e) => say(e.message, true)),
  );
  const where = `${request.location.line1}, ${request.location.city}`;
  const when = [request.urgency, request.preferredDate].filter(Boolean).join(' · ');
  return el(
    'tr',
    {},
    el(
      'td',
      {},
      el('strong', {}, request.serviceType),
      el('br'),
      el('small', {}, request.reference),
      el('br'),
      request.description,
    ),
    el('td', {}, request.customer.name, el('br'), el('small', {}, where)),
    el('td', {}, when),
    el('td', {}, el('div', { className: 'actions' }, approve, reason, decline)),
  );
}

async function loadRequests() {
  const { items } = await call('GET', '/dispatch/service-requests');
  document
    .getElementById('service-requests')
    .replaceChildren(
      ...(items.length
        ? items.map(requestRow)
        : [el('tr', {}, el('td', { colSpan: 4 }, 'No pending requests. Customers send them from the Requests tab.'))]),
    );
}

async function load() {
  const { items } = await call('GET', '/dispatch/tickets');
  tbody.replaceChildren(
    ...(items.length ? items.map(row) : [el('tr', {}, el('td', { colSpan: 4 }, 'No tickets yet.'))]),
  );
  document.getElementById('parts-ticket').replaceChildren(...items.map((t) => el('option', { value: t.id }, t.title)));
  const replyTicket = document.getElementById('reply-ticket');
  const chosen = replyTicket.value;
  replyTicket.replaceChildren(...items.map((t) => el('option', { value: t.id, selected: t.id === chosen }, t.title)));
  await loadAppointments();
  await loadRequests();
}

const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function loadAppointments() {
  const { items } = await call('GET', `/dispatch/appointments?from=${day(-1)}&to=${day(42)}`);
  document
    .getElementById('appointments')
    .replaceChildren(
      ...(items.length
        ? items.map((a) =>
            el(
              'tr',
              {},
              el('td', {}, a.date),
              el(
                'td',
                {},
                `${siteTime(a.start, { timeZone: a.timezone, named: false })}–${siteTime(a.end, { timeZone: a.timezone })}`,
              ),
              el('td', {}, a.customerName),
              el('td', {}, a.ticketTitle),
              el('td', {}, a.engineerName),
            ),
          )
        : [el('tr', {}, el('td', { colSpan: 5 }, 'Nothing booked yet: open a customer link and book a visit.'))]),
    );
}

function onSubmit(id, action) {
  document.getElementById(id).addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      say(await action(new FormData(event.target)));
    } catch (error) {
      say(error.message, true);
    }
  });
}

onSubmit('limited', async (form) => {
  await call('PUT', `/dispatch/calendar-days/${form.get('date')}`, { kind: 'limited' });
  return `${form.get('date')} is marked limited: customers see the warning.`;
});
onSubmit('parts', async (form) => {
  await call('PUT', `/dispatch/tickets/${form.get('ticket')}/parts`, {
    partsFrom: form.get('from'),
    partsTo: form.get('to'),
  });
  return 'Parts window set: days outside it show “parts not available”.';
});

onSubmit('reply', async (form) => {
  await call('POST', `/dispatch/tickets/${form.get('ticket')}/thread`, { body: form.get('body') });
  document.querySelector('#reply textarea').value = '';
  setTimeout(() => loadMailbox().catch(() => {}), 1500);
  return 'Reply sent: it shows in the customer’s Messages tab now; the mail follows (see the mailbox).';
});

document.getElementById('create').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    const ticket = await call('POST', '/dispatch/tickets', {
      title: form.get('title'),
      customer: { name: form.get('name'), ...(form.get('email') ? { email: form.get('email') } : {}) },
      location: {
        line1: 'Hauptstr. 1',
        city: form.get('city'),
        country: 'DE',
        timezone: form.get('timezone'),
        ...SITES[form.get('city')],
      },
    });
    await sendLink(ticket);
    await load();
    setTimeout(() => loadMailbox().catch(() => {}), 1500);
  } catch (error) {
    say(error.message, true);
  }
});

document.getElementById('open-console').addEventListener('click', () =>
  call('POST', '/dispatch/console-link')
    .then(({ url }) => location.assign(url))
    .catch((e) => say(e.message, true)),
);
load().catch((error) => say(error.message, true));
loadMailbox().catch((error) => say(error.message, true));
setInterval(() => {
  loadMailbox().catch(() => {});
  loadRequests().catch(() => {});
  if (shownTicket) showMessages(shownTicket).catch(() => {});
}, 5000);
