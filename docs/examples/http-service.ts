// HTTP service (docs/guides/http-service.md): the library in a host, in one file. A tiny JSON API on
// node:http, no framework, over the in-memory store seeded with case C01 (as in the quick start):
//   POST /invoice-schedules          createInvoiceSchedule → 201 and the schedule
//   POST /bill-runs                  runBillRun            → 201 and the bill run
//   GET  /invoice-schedules/:number  getInvoiceSchedule    → 200 and the schedule
// Importing this file starts nothing. `main()` starts the service on a random port, drives it with
// fetch and closes it; `npx tsx docs/examples/http-service.ts --listen 3000` keeps it serving.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  activateSavedOrder,
  type BillingContext,
  type BillRunRecord,
  type CreateInvoiceScheduleInput,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  errorCategory,
  fixedClock,
  getInvoiceSchedule,
  type InvoiceScheduleRecord,
  type InvoiceSchedulesError,
  type RunBillRunInput,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  toBillRunRecord,
  toInvoiceScheduleRecord,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

/** What the service answers: a status and a body sent as JSON. */
export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A method and a URL path as the client sent them, and the body as text. */
export interface JsonRequest {
  readonly method: string;
  readonly url: string;
  readonly body: string;
}

/**
 * Errors of the HTTP layer itself, raised before any operation runs. They are this service's,
 * not the library's: library errors keep their own `type` (see `statusFor`).
 */
export interface ServiceError {
  readonly type: 'MalformedJson' | 'PayloadTooLarge' | 'RouteNotFound' | 'MethodNotAllowed' | 'InternalError';
  readonly message: string;
}

const MAX_BODY_BYTES = 1024 * 1024;

// ── status codes ────────────────────────────────────────────────────────────────────────────────────

/**
 * The status for a library error, from its category (`errorCategory`, from its public `type` alone):
 * 404 when something the request names does not exist, 409 when it conflicts with what is stored
 * (another writer got there first — worth a retry with the same key —, a key already used, a record that
 * exists), 500 for the host's own set-up or code (an incomplete context, a corrupted record, a failing
 * hook), 422 for every other refusal of a well-formed request (a field of the wrong shape, amounts that do
 * not add up, a schedule in the wrong status).
 */
export function statusFor(error: InvoiceSchedulesError): 404 | 409 | 422 | 500 {
  switch (errorCategory(error)) {
    case 'NotFound':
      return 404;
    case 'Conflict':
      return 409;
    case 'Internal':
      return 500;
    default:
      return 422;
  }
}

// The library's error is the body as it is: `{ type, message, ...details }`, details already plain
// strings and numbers (amounts as decimal strings). An error of the host's set-up is logged instead, and
// the client told no more than that, as for a throw.
const refused = (error: InvoiceSchedulesError): JsonResponse => {
  const status = statusFor(error);
  if (status === 500) {
    console.error(error);
    return serviceError(500, 'InternalError', 'The service failed to handle the request; see its log.');
  }
  return { status, body: { error } };
};

function serviceError(status: number, type: ServiceError['type'], message: string): JsonResponse {
  const error: ServiceError = { type, message };
  return { status, body: { error } };
}

// ── routes ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * Answers one request: routing, JSON in, an operation, JSON out. No I/O of its own beyond the
 * context's store, so it can be called without a server.
 */
export async function handleRequest(context: BillingContext, request: JsonRequest): Promise<JsonResponse> {
  const path = request.url.split('?', 1)[0] ?? '';
  if (path === '/invoice-schedules') {
    return request.method === 'POST' ? createSchedule(context, request.body) : notAllowed('POST');
  }
  if (path === '/bill-runs') {
    return request.method === 'POST' ? createBillRun(context, request.body) : notAllowed('POST');
  }
  const number = /^\/invoice-schedules\/([^/]+)$/.exec(path)?.[1];
  if (number !== undefined) {
    return request.method === 'GET' ? readSchedule(context, number) : notAllowed('GET');
  }
  return serviceError(404, 'RouteNotFound', `No route for ${path}.`);
}

async function createSchedule(context: BillingContext, text: string): Promise<JsonResponse> {
  const body = parseJson(text);
  if ('status' in body) return body;
  // createInvoiceSchedule checks the shape of its input at run time (InvalidInput naming the
  // field), so a request body can be handed over as it is; the cast only satisfies the compiler.
  const created = await createInvoiceSchedule(context, body.json as CreateInvoiceScheduleInput);
  return created.match(
    (schedule): JsonResponse => ({
      status: 201,
      headers: { location: `/invoice-schedules/${encodeURIComponent(schedule.number)}` },
      body: toInvoiceScheduleRecord(schedule), // amounts as decimal strings: '50000.00'
    }),
    refused,
  );
}

async function createBillRun(context: BillingContext, text: string): Promise<JsonResponse> {
  const body = text.trim() === '' ? { json: {} } : parseJson(text); // no body: bill everything due today
  if ('status' in body) return body;
  // The library checks the body (fields, types, dates; an unknown field is refused) and answers InvalidInput
  // or InvalidDate, which `refused` maps to 422, as createInvoiceSchedule does.
  const billRun = await runBillRun(context, body.json as RunBillRunInput);
  return billRun.match((run): JsonResponse => ({ status: 201, body: toBillRunRecord(run) }), refused);
}

async function readSchedule(context: BillingContext, encoded: string): Promise<JsonResponse> {
  let number: string;
  try {
    number = decodeURIComponent(encoded);
  } catch {
    return serviceError(404, 'RouteNotFound', `${encoded} is not a valid percent-encoded path segment.`);
  }
  const schedule = await getInvoiceSchedule(context, number);
  return schedule.match(
    (found): JsonResponse => ({ status: 200, body: toInvoiceScheduleRecord(found) }),
    refused,
  );
}

function notAllowed(allow: string): JsonResponse {
  const response = serviceError(405, 'MethodNotAllowed', `This path accepts ${allow} only.`);
  return { ...response, headers: { allow } };
}

function parseJson(text: string): { readonly json: unknown } | JsonResponse {
  try {
    return { json: JSON.parse(text) as unknown };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return serviceError(400, 'MalformedJson', `The request body is not valid JSON: ${reason}`);
  }
}

// ── node:http ───────────────────────────────────────────────────────────────────────────────────────

/**
 * A `node:http` request listener serving the three routes; mount it in your own server, or use
 * {@link createBillingServer}.
 */
export function createBillingHandler(
  context: BillingContext,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    void readBody(request)
      .then((body) =>
        body === null
          ? serviceError(413, 'PayloadTooLarge', `The request body is over ${MAX_BODY_BYTES} bytes.`)
          : handleRequest(context, { method: request.method ?? 'GET', url: request.url ?? '/', body }),
      )
      .catch((cause: unknown) => {
        // Operations return refusals as values; a throw is a bug or a failing adapter (a lost
        // database connection). Log it, and tell the client no more than that.
        console.error(cause);
        return serviceError(500, 'InternalError', 'The service failed to handle the request; see its log.');
      })
      .then((answer) => send(response, answer));
  };
}

/** An `http.Server` serving the three routes over `context`; not listening yet. */
export function createBillingServer(context: BillingContext): Server {
  return createServer(createBillingHandler(context));
}

/** The body as text, or `null` when it is over the limit (read to the end, then dropped). */
function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, answer: JsonResponse): void {
  const text = JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...answer.headers,
  });
  response.end(text);
}

/** Starts listening (port 0: any free port) and resolves to the base URL, e.g. `http://127.0.0.1:53127`. */
export function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve(`http://${host}:${address.port}`);
    });
  });
}

/** Stops the server; idle keep-alive connections (fetch keeps them) are closed as well. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}

// ── the demo ────────────────────────────────────────────────────────────────────────────────────────

/**
 * An in-memory context holding what the quick start sets up: account A-001 and the activated order
 * O-0001 creating four yearly subscriptions for 2023 worth 70,200.00 (case C01).
 */
export async function createDemoContext(): Promise<BillingContext> {
  const context: BillingContext = {
    store: createMemoryStore(), // a host passes its own adapter over its database
    ids: createSequentialIds(),
    clock: fixedClock('2023-01-01T12:00:00Z'), // a host passes { now: () => new Date() }
    settings: DEFAULT_TENANT_SETTINGS,
  };
  (
    await saveNewAccount(context, { id: 'a1', number: 'A-001', name: 'Acme', currency: 'USD' })
  )._unsafeUnwrap();
  const prices = [
    ['S1', 'C1', '36900.00'],
    ['S2', 'C2', '21500.00'],
    ['S3', 'C3', '11000.00'],
    ['S4', 'C4', '800.00'],
  ];
  const actions = prices.map(([subscriptionNumber, number, price]) => ({
    type: 'CreateSubscription',
    subscriptionNumber,
    termType: 'Termed',
    termStart: '2023-01-01',
    termEnd: '2023-12-31',
    ratePlans: [
      {
        id: `rp-${subscriptionNumber}`,
        name: 'Platform',
        charges: [
          { number, name: 'Fee', type: 'Recurring', price, listPriceBase: 'Year', billingPeriod: 'Annual' },
        ],
      },
    ],
  }));
  const order = { number: 'O-0001', accountNumber: 'A-001', orderDate: '2023-01-01', actions };
  (await saveNewOrder(context, order))._unsafeUnwrap();
  (await activateSavedOrder(context, { orderNumber: 'O-0001' }))._unsafeUnwrap();
  return context;
}

/** The service on a random port, driven as a client would: create, bill, read, and one refusal. */
export async function main(): Promise<void> {
  const server = createBillingServer(await createDemoContext());
  const base = await listen(server);
  try {
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const created = await post('/invoice-schedules', {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: [
        { name: 'Kick-off', runDate: '2023-02-04', amount: '50000.00' },
        { name: 'Mid-year', runDate: '2023-05-01', amount: '14000.00' },
        { name: 'Final', runDate: '2023-09-16', amount: '6200' }, // answered as '6200.00'
      ],
    });
    const schedule = (await created.json()) as InvoiceScheduleRecord;
    const amounts = schedule.items.map((item) => item.amount).join(' + ');
    console.log(
      `POST /invoice-schedules → ${created.status} ${schedule.number}: ${schedule.totalAmount} = ${amounts}`,
    );

    const billed = await post('/bill-runs', { targetDate: '2023-05-31' });
    const billRun = (await billed.json()) as BillRunRecord;
    console.log(`POST /bill-runs → ${billed.status} ${billRun.number}: ${billRun.invoiceNumbers.join(', ')}`);

    const read = await fetch(`${base}/invoice-schedules/${schedule.number}`);
    const after = (await read.json()) as InvoiceScheduleRecord;
    const statuses = after.items.map((item) => item.status).join(', ');
    console.log(
      `GET /invoice-schedules/${after.number} → ${read.status} ${after.status}, billed ${after.billedAmount}`,
    );
    console.log(`  items: ${statuses}; next run ${after.nextRunDate}`);

    const missing = await fetch(`${base}/invoice-schedules/IS-99999999`);
    const { error } = (await missing.json()) as { error: InvoiceSchedulesError };
    console.log(`GET /invoice-schedules/IS-99999999 → ${missing.status} ${error.type}`);

    check(
      'create',
      `${created.status} ${schedule.totalAmount} ${amounts}`,
      '201 70200.00 50000.00 + 14000.00 + 6200.00',
    );
    check('bill run', `${billed.status} ${billRun.invoiceNumbers.join(' ')}`, '201 INV00000001 INV00000002');
    check(
      'read',
      `${read.status} ${after.status} ${after.billedAmount} ${statuses}`,
      '200 PartiallyProcessed 64000.00 Processed, Processed, Pending',
    );
    check('missing', `${missing.status} ${error.type}`, '404 InvoiceScheduleNotFound');
  } finally {
    await close(server);
  }
}

function check(what: string, actual: string, expected: string): void {
  if (actual !== expected) throw new Error(`${what}: expected ${expected}, got ${actual}`);
}

/** `--listen <port>`: serve the demo context until Ctrl+C, for curl or any HTTP client. */
async function serve(port: number): Promise<void> {
  const server = createBillingServer(await createDemoContext());
  const base = await listen(server, port);
  console.log(`Serving on ${base}: account A-001, activated order O-0001 worth 70200.00. Ctrl+C stops.`);
  console.log(
    `  curl -s ${base}/invoice-schedules -H 'content-type: application/json' -d '{"accountNumber":"A-001","orders":["O-0001"],"items":[{"runDate":"2023-02-04","amount":"70200.00"}]}'`,
  );
  console.log(`  curl -s ${base}/bill-runs -d '{"targetDate":"2023-12-31"}'`);
  console.log(`  curl -s ${base}/invoice-schedules/IS-00000001`);
  process.once('SIGINT', () => void close(server));
}

// Run directly (`npx tsx docs/examples/http-service.ts [--listen 3000]`), not when imported.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--listen');
  if (at === -1) await main();
  else await serve(Number(process.argv[at + 1] ?? 3000));
}
