// A local stand-in for the two Stripe API endpoints LeadOS calls, speaking their documented wire
// format (https://docs.stripe.com/api): POST /v1/customers and POST /v1/checkout/sessions, with
// form-encoded bodies (bracketed keys for nested parameters), `Authorization: Bearer <key>`,
// Stripe's error shape {"error":{"type","message","param"}} and idempotency (the same
// Idempotency-Key with the same parameters replays the first answer with
// `Idempotent-Replayed: true`; with other parameters it is a 400 idempotency_error).
// Stricter than Stripe on purpose: a POST without Idempotency-Key is refused, so a test notices.
//
// The hosted page: GET /c/pay/<session id> (a session's `url`) answers a tiny HTML page with links
// to its success and cancel URLs (the portal's browser test lands there after "Buy").
//
// Test-only endpoints (not Stripe's):
//   GET  /_test/requests                      every API request received (parsed)
//   POST /_test/sessions/<id>/event           {"secret","timestamp","type"?,"payment_status"?,
//        "event_id"?} -> {"payload","header"}: the event as Stripe would send it to the webhook,
//        its Stripe-Signature made by the npm stripe package (webhooks.generateTestHeaderString).
//
// Usage: node stripe_standin.mjs <api key>   (prints "PORT <n>" once listening on 127.0.0.1)
import http from 'node:http';
import crypto from 'node:crypto';
import Stripe from 'stripe';

const apiKey = process.argv[2];
if (!apiKey) {
  console.error('usage: node stripe_standin.mjs <api key>');
  process.exit(2);
}
const stripe = new Stripe(apiKey);
const customers = new Map();
const sessions = new Map();
const idempotent = new Map();  // key -> {params, status, body}
const received = [];
let port = 0;

const rid = (prefix) => `${prefix}_${crypto.randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

// Stripe's form encoding: a[b][c]=v -> {a:{b:{c:v}}}; numeric segments become array indexes.
function parseForm(text) {
  const out = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.replace(/\]/g, '').split('[');
    let node = out;
    for (let i = 0; i < path.length - 1; i++) {
      const seg = path[i];
      const nextIsIndex = /^\d+$/.test(path[i + 1]);
      if (node[seg] === undefined) node[seg] = nextIsIndex ? [] : {};
      node = node[seg];
    }
    node[path[path.length - 1]] = value;
  }
  return out;
}

function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {'Content-Type': 'application/json', 'Request-Id': rid('req'), ...headers});
  res.end(text);
}

function error(res, status, type, message, param) {
  send(res, status, {error: {type, message, ...(param ? {param} : {})}});
}

function createCustomer(p) {
  const id = rid('cus');
  const c = {id, object: 'customer', created: now(), livemode: false, metadata: p.metadata || {},
             email: p.email || null, name: p.name || null};
  customers.set(id, c);
  return [200, c];
}

function createSession(p) {
  if (p.mode !== 'payment') return [400, 'mode', 'Missing or invalid param: mode must be payment here.'];
  if (!p.success_url) return [400, 'success_url', 'Missing required param: success_url.'];
  const items = p.line_items;
  if (!Array.isArray(items) || items.length !== 1) {
    return [400, 'line_items', 'Missing required param: line_items.'];
  }
  const item = items[0];
  let amount, currency;
  if (item.price) {
    return [400, 'line_items[0][price]', `No such price: '${item.price}'`];
  } else if (item.price_data) {
    amount = Number(item.price_data.unit_amount);
    currency = item.price_data.currency;
    if (!Number.isInteger(amount) || amount <= 0) {
      return [400, 'line_items[0][price_data][unit_amount]', 'Invalid integer: unit_amount.'];
    }
    if (!currency) return [400, 'line_items[0][price_data][currency]', 'Missing required param: currency.'];
    if (!item.price_data.product_data?.name) {
      return [400, 'line_items[0][price_data][product_data][name]', 'Missing required param: name.'];
    }
  } else {
    return [400, 'line_items[0]', 'You must specify either price or price_data.'];
  }
  const quantity = Number(item.quantity || '1');
  if (p.customer && !customers.has(p.customer)) {
    return [400, 'customer', `No such customer: '${p.customer}'`];
  }
  const id = `cs_test_${crypto.randomBytes(24).toString('base64url')}`;
  const s = {
    id, object: 'checkout.session', mode: 'payment', livemode: false,
    amount_subtotal: amount * quantity, amount_total: amount * quantity, currency,
    client_reference_id: p.client_reference_id || null, customer: p.customer || null,
    metadata: p.metadata || {}, payment_intent: null, payment_status: 'unpaid', status: 'open',
    success_url: p.success_url, cancel_url: p.cancel_url || null, created: now(),
    expires_at: now() + 24 * 3600, url: `http://127.0.0.1:${port}/c/pay/${id}`,
  };
  sessions.set(id, s);
  return [200, s];
}

// The hosted Checkout page a session's `url` opens (GET /c/pay/<id>): a tiny HTML page naming the
// session and amount, with links back to its success_url (Stripe's {CHECKOUT_SESSION_ID}
// template filled in) and cancel_url. Paying here does nothing: a test posts the signed event
// itself (/_test/sessions/<id>/event), as Stripe's webhook would.
function checkoutPage(res, s) {
  const esc = (t) => String(t).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  if (!s) {
    res.writeHead(404, {'Content-Type': 'text/html; charset=utf-8'});
    return res.end('<!doctype html><title>Not found</title><h1>No such Checkout Session</h1>');
  }
  const back = (u) => (u || '').replace('{CHECKOUT_SESSION_ID}', s.id);
  res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stripe Checkout (stand-in)</title></head>
<body><h1>Stripe Checkout (stand-in)</h1>
<p data-session="${esc(s.id)}">Session ${esc(s.id)}: ${esc(s.amount_total)} ${esc(s.currency)}</p>
<p><a id="success" href="${esc(back(s.success_url))}">Return after paying</a></p>
${s.cancel_url ? `<p><a id="cancel" href="${esc(back(s.cancel_url))}">Cancel</a></p>` : ''}
</body></html>`);
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

const server = http.createServer(async (req, res) => {
  const body = await readBody(req);
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/_test/requests') return send(res, 200, received);
  const pay = url.pathname.match(/^\/c\/pay\/([^/]+)$/);
  if (req.method === 'GET' && pay) return checkoutPage(res, sessions.get(pay[1]));
  if (req.method === 'GET' && url.pathname === '/favicon.ico') return res.writeHead(404).end();
  const ev = url.pathname.match(/^\/_test\/sessions\/([^/]+)\/event$/);
  if (req.method === 'POST' && ev) {
    const s = sessions.get(ev[1]);
    if (!s) return error(res, 404, 'invalid_request_error', `No such checkout.session: '${ev[1]}'`);
    const o = JSON.parse(body || '{}');
    const type = o.type || 'checkout.session.completed';
    const paid = (o.payment_status || 'paid') === 'paid';
    const object = {...s, status: type === 'checkout.session.expired' ? 'expired' : 'complete',
                    payment_status: o.payment_status || 'paid',
                    payment_intent: paid ? (s.payment_intent || rid('pi')) : null};
    sessions.set(s.id, object);
    const event = {id: o.event_id || rid('evt'), object: 'event', api_version: '2024-06-20',
                   created: o.timestamp, data: {object}, livemode: false, pending_webhooks: 1,
                   request: {id: null, idempotency_key: null}, type};
    const payload = JSON.stringify(event, null, 2);  // Stripe sends pretty-printed JSON
    const header = stripe.webhooks.generateTestHeaderString({payload, secret: o.secret,
                                                             timestamp: o.timestamp});
    return send(res, 200, {payload, header});
  }

  // The Stripe API.
  const auth = req.headers['authorization'] || '';
  const key = req.headers['idempotency-key'] || '';
  const form = parseForm(body);
  received.push({method: req.method, path: url.pathname, idempotency_key: key,
                 authorization_ok: auth === `Bearer ${apiKey}`,
                 content_type: req.headers['content-type'] || '', form});
  if (auth !== `Bearer ${apiKey}`) {
    return error(res, 401, 'invalid_request_error',
                 auth ? 'Invalid API Key provided: sk_****' :
                        'You did not provide an API key. Provide it in the Authorization header (Bearer).');
  }
  if (req.method !== 'POST' || !['/v1/customers', '/v1/checkout/sessions'].includes(url.pathname)) {
    return error(res, 404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${url.pathname}).`);
  }
  if (!(req.headers['content-type'] || '').startsWith('application/x-www-form-urlencoded')) {
    return error(res, 400, 'invalid_request_error', 'Content-Type must be application/x-www-form-urlencoded.');
  }
  if (!key) return error(res, 400, 'invalid_request_error', 'stand-in: every POST needs an Idempotency-Key.');
  const scoped = `${url.pathname} ${key}`;
  if (idempotent.has(scoped)) {
    const first = idempotent.get(scoped);
    if (first.params !== body) {
      return error(res, 400, 'idempotency_error',
                   'Keys for idempotent requests can only be used with the same parameters they were first used with.');
    }
    return send(res, first.status, first.body, {'Idempotent-Replayed': 'true'});
  }
  const [status, a, b] = url.pathname === '/v1/customers' ? createCustomer(form) : createSession(form);
  if (status !== 200) return error(res, status, 'invalid_request_error', b, a);
  idempotent.set(scoped, {params: body, status, body: a});
  return send(res, 200, a);
});

server.listen(0, '127.0.0.1', () => {
  port = server.address().port;
  console.log(`PORT ${port}`);
});
