import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '../../src/domain/input';
import { SCHEDULE_LIMITS } from '../../src/domain/schedule/create-request';
import { createInvoiceSchedule } from '../../src/operations/create-invoice-schedule';
import {
  CREATE_INVOICE_SCHEDULE_REQUEST_SCHEMA,
  CREATE_ORDER_REQUEST_SCHEMA,
  RUN_BILL_RUN_REQUEST_SCHEMA,
} from '../../src/operations/json-schemas';
import {
  parseCreateInvoiceScheduleRequest,
  parseCreateOrderRequest,
  parseRunBillRunRequest,
} from '../../src/operations/validators';
import { C01_SUBSCRIPTIONS, expectOk, newBilling, setUpOrder } from '../support/billing';

// The hand-written JSON Schemas of src/operations/json-schemas.ts, checked with a minimal validator of the
// keywords they use: the docs' request examples pass both their schema and the library's validator, and a
// few broken requests fail both.

type Schema = Readonly<Record<string, unknown>>;

const TYPES: Readonly<Record<string, (v: unknown) => boolean>> = {
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  array: Array.isArray,
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
};

/** The paths where `value` breaks `schema` (empty: it conforms). Only the keywords the schemas use. */
function violations(schema: Schema, value: unknown, path = '$'): string[] {
  const out: string[] = [];
  const at = (why: string) => out.push(`${path}: ${why}`);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => TYPES[t]?.(value))) return [`${path}: not ${types.join(' or ')}`];
  }
  if ('const' in schema && value !== schema.const) at(`not ${String(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) at(`not one of ${schema.enum.join(', ')}`);
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) at('too short');
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) at('too long');
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) at('no match');
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) at('too small');
    if (typeof schema.maximum === 'number' && value > schema.maximum) at('too big');
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) at('too few items');
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) at('too many items');
    if (schema.items)
      value.forEach((v, i) => {
        out.push(...violations(schema.items as Schema, v, `${path}[${i}]`));
      });
  }
  if (TYPES.object?.(value)) {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in record)) at(`no ${key}`);
    for (const [key, v] of Object.entries(record)) {
      const property = properties[key];
      if (property) out.push(...violations(property, v, `${path}.${key}`));
      else if (schema.additionalProperties === false) at(`unknown field ${key}`);
    }
  }
  if (
    Array.isArray(schema.anyOf) &&
    !schema.anyOf.some((s) => violations(s as Schema, value, path).length === 0)
  )
    at('matches none of anyOf');
  if (Array.isArray(schema.oneOf)) {
    const matching = schema.oneOf.filter((s) => violations(s as Schema, value, path).length === 0).length;
    if (matching !== 1) at(`matches ${matching} of oneOf`);
  }
  return out;
}

/** The ```json blocks of a docs page, parsed. */
function jsonBlocks(page: string): unknown[] {
  const text = readFileSync(fileURLToPath(new URL(`../../${page}`, import.meta.url)), 'utf8');
  return [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] as string));
}

const guide = jsonBlocks('docs/guides/http-service.md') as Record<string, unknown>[];
const CREATE = guide.filter((b) => 'items' in b);
const ORDERS = guide.filter((b) => 'actions' in b);
const BILL_RUNS = guide.filter((b) => !('items' in b) && !('actions' in b));
/** The action examples of the order actions guide (an action, or a list of them), each as an order. */
const ACTION_ORDERS = jsonBlocks('docs/guides/order-actions.md').map((block) => ({
  number: 'O-0001',
  accountNumber: 'A-001',
  orderDate: '2023-01-01',
  actions: Array.isArray(block) ? block : [block],
}));

describe('the docs examples', () => {
  it('are found: a create request, an order and a bill run request in the HTTP guide, the actions guide', () => {
    expect([CREATE.length, ORDERS.length, BILL_RUNS.length]).toEqual([1, 1, 1]);
    expect(ACTION_ORDERS.length).toBeGreaterThanOrEqual(9);
  });

  it.each(CREATE)('the create request passes its schema and its validator', (request) => {
    expect(violations(CREATE_INVOICE_SCHEDULE_REQUEST_SCHEMA, request)).toEqual([]);
    expect(parseCreateInvoiceScheduleRequest(request).isOk()).toBe(true);
  });

  it('the create request creates a schedule on C01', async () => {
    const billing = newBilling();
    await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
    const schedule = expectOk(
      await createInvoiceSchedule(
        billing.context,
        parseCreateInvoiceScheduleRequest(CREATE[0])._unsafeUnwrap(),
      ),
    );
    expect(schedule.items.map((i) => i.amount.toFixed(2))).toEqual(['50000.00', '14040.00', '6160.00']);
  });

  it.each([...ORDERS, ...ACTION_ORDERS])('order %# passes its schema and its validator', (order) => {
    expect(violations(CREATE_ORDER_REQUEST_SCHEMA, order)).toEqual([]);
    expect(parseCreateOrderRequest(order, 'USD').isOk()).toBe(true);
  });

  it.each(BILL_RUNS)('the bill run request passes its schema and its validator', (request) => {
    expect(violations(RUN_BILL_RUN_REQUEST_SCHEMA, request)).toEqual([]);
    expect(parseRunBillRunRequest(request).isOk()).toBe(true);
  });
});

describe('broken requests fail both the schema and the validator', () => {
  const create = CREATE[0] as Record<string, unknown>;
  const order = ORDERS[0] as Record<string, unknown>;
  const action = (order.actions as Record<string, unknown>[])[0] as Record<string, unknown>;
  const CHARGE = {
    number: 'C9',
    name: 'Fee',
    type: 'Recurring',
    price: '1200.00',
    listPriceBase: 'Year',
    billingPeriod: 'Annual',
  };
  const SUBSCRIPTION = {
    type: 'CreateSubscription',
    subscriptionNumber: 'S9',
    termType: 'Termed',
    termStart: '2023-01-01',
    termEnd: '2023-12-31',
    ratePlans: [
      {
        id: 'rp-9',
        name: 'Plan',
        charges: [CHARGE],
      },
    ],
  };
  it.each([
    ['a missing accountNumber', { ...create, accountNumber: undefined }],
    ['an unknown field', { ...create, scheduleItems: [] }],
    ['a run date that is not YYYY-MM-DD', { ...create, items: [{ runDate: '04/02/2023', amount: '1.00' }] }],
    ['11 orders', { ...create, orders: Array.from({ length: 11 }, (_, i) => `O-${i}`) }],
    ['notes of 256 characters', { ...create, notes: 'n'.repeat(256) }],
    ['no items', { ...create, items: [] }],
  ])('create request: %s', (_what, request) => {
    const defined = JSON.parse(JSON.stringify(request));
    expect(violations(CREATE_INVOICE_SCHEDULE_REQUEST_SCHEMA, defined)).not.toEqual([]);
    expect(parseCreateInvoiceScheduleRequest(defined).isErr()).toBe(true);
  });

  it.each([
    ['an unknown action type', { ...order, actions: [{ ...action, type: 'Upgrade' }] }],
    [
      'a charge type that does not exist',
      { ...order, actions: [{ type: 'Renew', subscriptionNumber: 'S1', renewalTermMonths: 0 }] },
    ],
    ['no actions', { ...order, actions: [] }],
    ['1,001 actions', { ...order, actions: Array.from({ length: 1_001 }, () => action) }],
    ['a blank number', { ...order, number: ' ' }],
    // Review 98: rules between an action's fields, which the schema states with anyOf.
    ['a Termed subscription with termEnd null', { ...order, actions: [{ ...SUBSCRIPTION, termEnd: null }] }],
    [
      'a Termed subscription without termEnd',
      { ...order, actions: [{ ...SUBSCRIPTION, termEnd: undefined }] },
    ],
    [
      'an Evergreen subscription with a termEnd',
      { ...order, actions: [{ ...SUBSCRIPTION, termType: 'Evergreen' }] },
    ],
    [
      'Terms and Conditions with neither termStart nor termEnd',
      { ...order, actions: [{ type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd: null }] },
    ],
    [
      'Update Product with neither price nor quantity',
      {
        ...order,
        actions: [
          {
            type: 'UpdateProduct',
            subscriptionNumber: 'S1',
            chargeNumber: 'C1',
            effectiveDate: '2023-06-01',
            price: null,
          },
        ],
      },
    ],
  ])('order: %s', (_what, defined) => {
    const request = JSON.parse(JSON.stringify(defined));
    expect(violations(CREATE_ORDER_REQUEST_SCHEMA, request)).not.toEqual([]);
    expect(parseCreateOrderRequest(request, 'USD').isErr()).toBe(true);
  });

  it.each([
    ['a Termed subscription', [SUBSCRIPTION]],
    [
      'an Evergreen subscription, termEnd null (its charge with an end date)',
      [
        {
          ...SUBSCRIPTION,
          termType: 'Evergreen',
          termEnd: null,
          ratePlans: [{ ...SUBSCRIPTION.ratePlans[0], charges: [{ ...CHARGE, endDate: '2023-12-31' }] }],
        },
      ],
    ],
    [
      'Update Product with a quantity alone',
      [
        SUBSCRIPTION,
        {
          type: 'UpdateProduct',
          subscriptionNumber: 'S9',
          chargeNumber: 'C9',
          effectiveDate: '2023-06-01',
          quantity: '2',
        },
      ],
    ],
    [
      'Terms and Conditions with a term end alone',
      [SUBSCRIPTION, { type: 'TermsAndConditions', subscriptionNumber: 'S9', termEnd: '2024-12-31' }],
    ],
  ])('order: %s passes both', (_what, actions) => {
    const request = { ...order, actions };
    expect(violations(CREATE_ORDER_REQUEST_SCHEMA, request)).toEqual([]);
    expect(parseCreateOrderRequest(request, 'USD').isOk()).toBe(true);
  });

  it.each([
    ['a number as targetDate', { targetDate: 20230204 }],
    ['1,001 account numbers', { accountNumbers: Array.from({ length: 1_001 }, (_, i) => `A-${i}`) }],
    ['an empty account number', { accountNumbers: [''] }],
    ['a string for includePausedSchedules', { includePausedSchedules: 'yes' }],
  ])('bill run request: %s', (_what, request) => {
    expect(violations(RUN_BILL_RUN_REQUEST_SCHEMA, request)).not.toEqual([]);
    expect(parseRunBillRunRequest(request).isErr()).toBe(true);
  });

  it('a misspelt bill run field fails the schema (the operation ignores it)', () => {
    expect(violations(RUN_BILL_RUN_REQUEST_SCHEMA, { includePausedSchedule: true })).toEqual([
      '$: unknown field includePausedSchedule',
    ]);
  });
});

describe('the schemas state the library’s limits', () => {
  const props = CREATE_INVOICE_SCHEDULE_REQUEST_SCHEMA.properties;
  it('of the reference (§9) and of INPUT_LIMITS', () => {
    expect(props.orders.maxItems).toBe(SCHEDULE_LIMITS.orders);
    expect(props.items.maxItems).toBe(SCHEDULE_LIMITS.items);
    expect(props.additionalSubscriptionsToBill.maxItems).toBe(SCHEDULE_LIMITS.additionalSubscriptionsToBill);
    expect(props.notes.maxLength).toBe(SCHEDULE_LIMITS.notes);
    expect(props.accountNumber.maxLength).toBe(INPUT_LIMITS.identifierLength);
    expect(CREATE_ORDER_REQUEST_SCHEMA.properties.actions.maxItems).toBe(INPUT_LIMITS.listLength);
    expect(RUN_BILL_RUN_REQUEST_SCHEMA.properties.accountNumbers.maxItems).toBe(INPUT_LIMITS.listLength);
  });
});
