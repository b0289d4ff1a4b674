// The HTTP service example (docs/examples/http-service.ts, docs/guides/http-service.md) driven as a
// client would: a real server on a random local port, fetch, JSON in and out. Seeded with case C01
// (four yearly subscriptions for 2023 worth 70,200.00), as in the quick start.
import type { Server } from 'node:http';
import {
  type BillingContext,
  type BillRunRecord,
  ERROR_TYPES,
  errorCategory,
  type InvoiceScheduleRecord,
  type InvoiceSchedulesError,
  type InvoiceSchedulesErrorType,
  versionConflict,
} from 'invoice-schedules';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  close,
  createBillingServer,
  createDemoContext,
  listen,
  statusFor,
} from '../../docs/examples/http-service.ts';

const C01_ITEMS = [
  { name: 'Kick-off', runDate: '2023-02-04', amount: '50000.00' },
  { name: 'Mid-year', runDate: '2023-05-01', amount: '14000.00' },
  { name: 'Final', runDate: '2023-09-16', amount: '6200' },
];
const C01_REQUEST = { accountNumber: 'A-001', orders: ['O-0001'], items: C01_ITEMS };

let server: Server;
let base: string;

beforeEach(async () => {
  server = createBillingServer(await createDemoContext());
  base = await listen(server); // 127.0.0.1, port 0: any free port
});

afterEach(async () => {
  vi.restoreAllMocks();
  await close(server);
});

function post(path: string, body: unknown): Promise<Response> {
  return postText(path, JSON.stringify(body));
}

function postText(path: string, text: string): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: text,
  });
}

/** The body of a refusal: the library's error value, or one of the service's own. */
interface ErrorBody {
  readonly error: { readonly type: string; readonly message: string } & Readonly<Record<string, unknown>>;
}

// The wire types are the library's record types (InvoiceScheduleRecord, BillRunRecord).
async function json<T = ErrorBody>(response: Response): Promise<T> {
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return (await response.json()) as T;
}

describe('POST /invoice-schedules', () => {
  it('creates the C01 schedule: 201, total and item amounts as decimal strings at the currency scale', async () => {
    const response = await post('/invoice-schedules', C01_REQUEST);
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/invoice-schedules/IS-00000001');
    const text = await response.text();
    // Strings, never JSON numbers: '6200' in, '6200.00' out (USD has two decimals).
    expect(text).toContain('"totalAmount":"70200.00"');
    const schedule = JSON.parse(text) as InvoiceScheduleRecord;
    expect(schedule).toMatchObject({
      number: 'IS-00000001',
      accountNumber: 'A-001',
      currency: 'USD',
      status: 'Pending',
      totalAmount: '70200.00',
      billedAmount: '0.00',
      unbilledAmount: '70200.00',
      nextRunDate: '2023-02-04',
      orders: ['O-0001'],
    });
    expect(schedule.items.map((item) => item.amount)).toEqual(['50000.00', '14000.00', '6200.00']);
    expect(schedule.items.map((item) => item.status)).toEqual(['Pending', 'Pending', 'Pending']);
  });

  it('a retry with the same idempotency key answers the first schedule and creates nothing new', async () => {
    const request = { ...C01_REQUEST, idempotencyKey: 'create-c01' };
    const first = await json<InvoiceScheduleRecord>(await post('/invoice-schedules', request));
    const retry = await post('/invoice-schedules', request);
    expect(retry.status).toBe(201);
    expect((await json<InvoiceScheduleRecord>(retry)).number).toBe(first.number);
    const next = await post('/bill-runs', { targetDate: '2023-12-31' });
    expect((await json<BillRunRecord>(next)).invoiceNumbers).toHaveLength(3); // one schedule, three items
  });

  it('refuses amounts that do not add up: 422 ScheduleTotalMismatch with the figures', async () => {
    const items = [C01_ITEMS[0], C01_ITEMS[1], { runDate: '2023-09-16', amount: '6000.00' }];
    const response = await post('/invoice-schedules', { ...C01_REQUEST, items });
    expect(response.status).toBe(422);
    expect((await json(response)).error).toMatchObject({
      type: 'ScheduleTotalMismatch',
      totalAmount: '70200.00',
      itemsSum: '70000.00',
    });
  });

  it('refuses a body of the wrong shape: 422 InvalidInput naming the field', async () => {
    const response = await post('/invoice-schedules', { ...C01_REQUEST, accountNumber: 42 });
    expect(response.status).toBe(422);
    const { error } = await json(response);
    expect(error).toMatchObject({ type: 'InvalidInput', path: 'accountNumber' });
    expect(error.message).toEqual(expect.any(String));
  });

  it('refuses an order that does not exist: 404 OrderNotFound', async () => {
    const response = await post('/invoice-schedules', { ...C01_REQUEST, orders: ['O-9999'] });
    expect(response.status).toBe(404);
    expect((await json(response)).error).toMatchObject({ type: 'OrderNotFound', orderNumber: 'O-9999' });
  });

  it('refuses malformed JSON: 400 MalformedJson', async () => {
    const response = await postText('/invoice-schedules', '{"accountNumber": "A-001",');
    expect(response.status).toBe(400);
    expect((await json(response)).error.type).toBe('MalformedJson');
  });

  it('refuses an empty body: 400 MalformedJson', async () => {
    const response = await postText('/invoice-schedules', '');
    expect(response.status).toBe(400);
    expect((await json(response)).error.type).toBe('MalformedJson');
  });

  it('refuses a body over 1 MiB: 413 PayloadTooLarge', async () => {
    const response = await post('/invoice-schedules', { ...C01_REQUEST, notes: 'x'.repeat(1024 * 1024) });
    expect(response.status).toBe(413);
    expect((await json(response)).error.type).toBe('PayloadTooLarge');
  });
});

describe('POST /bill-runs', () => {
  it('bills every due item: 201 with the invoices listed, then GET shows every item Processed', async () => {
    await post('/invoice-schedules', C01_REQUEST);
    const response = await post('/bill-runs', { targetDate: '2023-12-31', accountNumbers: ['A-001'] });
    expect(response.status).toBe(201);
    expect(await json<BillRunRecord>(response)).toMatchObject({
      number: 'BR-00000001',
      kind: 'BillRun',
      targetDate: '2023-12-31',
      status: 'Completed',
      itemsProcessed: 3,
      invoiceNumbers: ['INV00000001', 'INV00000002', 'INV00000003'],
      failures: [],
    });

    const read = await fetch(`${base}/invoice-schedules/IS-00000001`);
    expect(read.status).toBe(200);
    const schedule = await json<InvoiceScheduleRecord>(read);
    expect(schedule).toMatchObject({
      status: 'FullyProcessed',
      billedAmount: '70200.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
    expect(schedule.items.map((item) => [item.status, item.billedAmount, item.invoiceNumber])).toEqual([
      ['Processed', '50000.00', 'INV00000001'],
      ['Processed', '14000.00', 'INV00000002'],
      ['Processed', '6200.00', 'INV00000003'],
    ]);
  });

  it('bills only what is due by the target date (inclusive): 2023-05-01 bills items 1 and 2', async () => {
    await post('/invoice-schedules', C01_REQUEST);
    const billRun = await json<BillRunRecord>(await post('/bill-runs', { targetDate: '2023-05-01' }));
    expect(billRun.invoiceNumbers).toEqual(['INV00000001', 'INV00000002']);
    const schedule = await json<InvoiceScheduleRecord>(await fetch(`${base}/invoice-schedules/IS-00000001`));
    expect(schedule).toMatchObject({
      status: 'PartiallyProcessed',
      billedAmount: '64000.00',
      nextRunDate: '2023-09-16',
    });
    expect(schedule.items.map((item) => item.status)).toEqual(['Processed', 'Processed', 'Pending']);
  });

  it('with no body bills what is due today on the clock (2023-01-01: nothing yet)', async () => {
    await post('/invoice-schedules', C01_REQUEST);
    const response = await fetch(`${base}/bill-runs`, { method: 'POST' });
    expect(response.status).toBe(201);
    expect(await json<BillRunRecord>(response)).toMatchObject({
      targetDate: '2023-01-01',
      itemsProcessed: 0,
      invoiceNumbers: [],
    });
  });

  it('refuses a field of the wrong shape in the library form: 422 InvalidInput', async () => {
    const response = await post('/bill-runs', { accountNumbers: 'A-001' });
    expect(response.status).toBe(422);
    expect((await json(response)).error).toMatchObject({
      type: 'InvalidInput',
      path: 'accountNumbers',
      expected: 'an array of the number of a saved account, a non-blank string such as "A-001"',
      received: '"A-001"',
    });
  });

  it('refuses an unknown field and a body that is not an object: 422 InvalidInput', async () => {
    const unknown = await post('/bill-runs', { target: '2023-12-31' });
    expect(unknown.status).toBe(422);
    expect((await json(unknown)).error).toMatchObject({
      type: 'InvalidInput',
      path: 'target',
      expected:
        'no such field (allowed: targetDate, accountNumbers, invoiceScheduleNumbers, includePausedSchedules, idempotencyKey)',
    });
    const list = await post('/bill-runs', ['2023-12-31']);
    expect(list.status).toBe(422);
    expect((await json(list)).error).toMatchObject({ type: 'InvalidInput', path: '', received: 'an array' });
  });

  it('refuses a date that does not exist: 422 InvalidDate', async () => {
    const response = await post('/bill-runs', { targetDate: '2023-02-30' });
    expect(response.status).toBe(422);
    expect((await json(response)).error.type).toBe('InvalidDate');
  });
});

describe('GET /invoice-schedules/:number', () => {
  it('answers 404 InvoiceScheduleNotFound for a schedule that does not exist', async () => {
    const response = await fetch(`${base}/invoice-schedules/IS-99999999`);
    expect(response.status).toBe(404);
    expect((await json(response)).error).toMatchObject({
      type: 'InvoiceScheduleNotFound',
      invoiceScheduleNumber: 'IS-99999999',
      message: expect.any(String),
    });
  });
});

describe('routing', () => {
  it('answers 404 RouteNotFound for an unknown path', async () => {
    const response = await fetch(`${base}/invoices`);
    expect(response.status).toBe(404);
    expect((await json(response)).error.type).toBe('RouteNotFound');
  });

  it('answers 405 MethodNotAllowed with an Allow header for a known path', async () => {
    const get = await fetch(`${base}/bill-runs`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await json(get)).error.type).toBe('MethodNotAllowed');
    const del = await fetch(`${base}/invoice-schedules/IS-00000001`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET');
  });

  it('answers 500 InternalError, without details, when the store throws', async () => {
    const broken: BillingContext = {
      ...(await createDemoContext()),
      store: {
        transaction: () => Promise.reject(new Error('connection lost')),
      },
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const brokenServer = createBillingServer(broken);
    const brokenBase = await listen(brokenServer);
    try {
      const response = await fetch(`${brokenBase}/invoice-schedules/IS-00000001`);
      expect(response.status).toBe(500);
      const { error } = await json(response);
      expect(error.type).toBe('InternalError');
      expect(error.message).not.toContain('connection lost');
      expect(logged).toHaveBeenCalledWith(expect.objectContaining({ message: 'connection lost' }));
    } finally {
      await close(brokenServer);
    }
  });
});

describe("a library error of the host's set-up", () => {
  it('answers 500 InternalError without its details, and logs the error (an InvalidContext was a 422 with the context named)', async () => {
    const miswired = { ...(await createDemoContext()), clock: undefined } as unknown as BillingContext;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const miswiredServer = createBillingServer(miswired);
    const base = await listen(miswiredServer);
    try {
      const response = await fetch(`${base}/invoice-schedules/IS-00000001`);
      expect(response.status).toBe(500);
      const { error } = await json(response);
      expect(error).toEqual({
        type: 'InternalError',
        message: 'The service failed to handle the request; see its log.',
      });
      expect(logged).toHaveBeenCalledWith(
        expect.objectContaining({ type: 'InvalidContext', missing: 'clock' }),
      );
    } finally {
      logged.mockRestore();
      await close(miswiredServer);
    }
  });
});

describe('statusFor', () => {
  const error = (type: InvoiceSchedulesErrorType) => ({ type, message: '' }) as InvoiceSchedulesError;

  it('maps a conflict with stored state to 409, a transient StoreConflict included (it said 422: "do not retry")', () => {
    expect(statusFor(versionConflict('InvoiceSchedule', 'IS-00000001', 1, 2))).toBe(409);
    expect(statusFor(error('IdempotencyKeyReused'))).toBe(409);
    expect(statusFor(error('StoreConflict'))).toBe(409);
    expect(statusFor(error('ChargeAlreadyScheduled'))).toBe(409);
  });

  it("maps the host's set-up errors to 500 (InvalidContext was a 422, blaming the client)", () => {
    expect(statusFor(error('InvalidContext'))).toBe(500);
    expect(statusFor(error('InvalidRecord'))).toBe(500);
    expect(statusFor(error('AdditionalLinesHookFailed'))).toBe(500);
  });

  it.each([
    ['AccountNotFound', 404],
    ['InvoiceScheduleItemNotFound', 404],
    ['CreditMemoNotFound', 404],
    ['UnknownCharge', 404],
    ['UnknownCurrency', 422],
    ['InvalidInput', 422],
    ['InvalidDate', 422],
    ['AmountTooPrecise', 422],
    ['NoScheduleItems', 422],
    ['InvalidScheduleStatus', 422],
    ['InvoiceSchedulePaused', 422],
  ] as const)('maps %s to %i', (type, status) => {
    expect(statusFor(error(type))).toBe(status);
  });

  it('maps every library error type to 404, 409, 422 or 500, as its category says', () => {
    const statuses = new Set(ERROR_TYPES.map((type) => statusFor(error(type))));
    expect([...statuses].sort()).toEqual([404, 409, 422, 500]);
    const byCategory = { NotFound: 404, Conflict: 409, State: 422, Invalid: 422, Internal: 500 };
    for (const type of ERROR_TYPES)
      expect(statusFor(error(type))).toBe(byCategory[errorCategory(error(type))]);
  });
});
