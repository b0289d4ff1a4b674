// Deterministic fault simulation (issue 10, item 6): random sequences of public operations run twice, on two
// memory stores built alike — once fault-free (the "shadow" run), once through `withFaults` (test/support/
// faults.ts), where each operation may have a port call fail before it runs, after it ran (rolled back), or
// after its transaction committed (the caller sees an error although the write landed). An operation that
// throws, or answers a retryable failure after a fault, is retried with the same input (the same idempotency
// key) until an attempt runs clean, at most MAX_ATTEMPTS times.
//
// The world: one to three accounts (USD or JPY), each with one or two activated orders of yearly charges that
// schedules can cover, and maybe an order of a quarterly charge left to standard billing. The steps (plain
// data; picks resolve against each store's state when the step runs, so an item is named by its place, never
// by its id): createInvoiceSchedule (percentages), runBillRun (keyed, maybe for one account, maybe ahead of
// today), generateBillingDocuments, executeInvoiceSchedule (next, earliest or any item), updateInvoiceSchedule
// (run date, percentages, notes, invoiceSeparately; maybe with expectedVersion), postInvoice, cancelInvoice,
// reverseInvoice, postCreditMemo, order changes (Remove Product, Update Product: saveNewOrder then
// activateSavedOrder), and the clock moving on. Every keyed operation gets a key of its own step.
//
// Checked after every operation, on the faulty store (and on the shadow, which must pass them too):
//  M1 no schedule item billed twice: an item is on at most one live (Draft / Posted) invoice, a pending item on
//     none, and a processed item's invoice is live;
//  M2 per schedule and charge, live invoice lines (with their discount lines) minus credit memo lines equal the
//     charge's billed amount on the schedule; over the schedule they equal Σ item billedAmount = billedAmount;
//  M3 invoice, credit memo and schedule numbers unique and gapless: numbers 1..n, the sequence's last = n; ids
//     unique.
//  Standard billing is not checked on its own here (its adjustment lines overlap earlier periods by design, and
//  its own rules are the life-cycle model's I5): a fault that made it bill twice shows as F3 below.
//  F1 an operation ends: the fault-free run never throws, the faulty one completes within MAX_ATTEMPTS;
//  F2 it answers as the fault-free run did (same Ok / Err type); an operation without a key that finds its
//     own earlier, lost, write may answer "already done" (activateSavedOrder: OrderAlreadyActivated;
//     saveNewOrder: VersionConflict) — only when an earlier attempt did change the store;
//  F3 a failed attempt leaves the store unchanged, or its retry completes it: after the operation, the faulty
//     store equals the shadow store (normalised, see `normalise`) — checked after every operation, and at the
//     end of the sequence;
//  F4 a bill run an operation returns is stored and lists every document the operation created (a new run
//     only those);
//  F5 a refused operation (an Err that is not "already done") changed nothing since it started;
//  C1 a bill run or a generation of billing documents leaves nothing due by its target date (catch-up.ts: a late
//     run bills what its due items leave due by then, docs/guides/bill-runs.md): once the fault-free run's answer
//     is in, `listItemsDue` and `previewBillRun` on its target date (for its account, when it names one) find
//     nothing to bill.
//
// Since runBillRun is a resumable record (inserted Running, one part per account, resumed by a retry with the
// same key), these hold too, and count as violations (RESUMABLE_BILL_RUNS; before, a runBillRun interrupted
// after it reserved its number or billed some accounts started a new run when retried):
//  P1 bill run numbers gapless;
//  P2 F4 for runBillRun: the retry returns the one run listing the first attempt's documents too;
//  P3 F3 including the bill run records.
// Switched off (RESUMABLE_BILL_RUNS false) they are still evaluated and counted as "pending".
import { Decimal } from 'decimal.js';
import * as fc from 'fast-check';
import type { Result } from 'neverthrow';
import { DEFAULT_TENANT_SETTINGS } from '../../src/domain/settings';
import {
  activateSavedOrder,
  cancelInvoice,
  createInvoiceSchedule,
  executeInvoiceSchedule,
  generateBillingDocuments,
  postCreditMemo,
  postInvoice,
  reverseInvoice,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  updateInvoiceSchedule,
} from '../../src/index';
import { createMemoryStore, createSequentialIds, type MemoryStore } from '../../src/memory';
import type { BillingContext, IdGenerator } from '../../src/ports';
import { addDays, type BusinessDate, daysBetween } from '../../src/time/date';
import {
  FAULT_KINDS,
  type FaultKind,
  type FaultPlan,
  type InjectedFaultInfo,
  isInjectedFault,
  withFaults,
} from '../support/faults';
import { stillDue } from './catch-up';

/** Checks P1–P3 (see the file comment) count as violations: runBillRun resumes an interrupted run. */
export const RESUMABLE_BILL_RUNS = true;

/** Attempts of one operation: the first and its retries. Two faults at most per operation, so three suffice. */
const MAX_ATTEMPTS = 5;

const START: BusinessDate = '2023-01-01' as BusinessDate;

// A private decimal for the sums (never the shared global).
const D = Decimal.clone({ precision: 40 });

// ---------------------------------------------------------------------------------------------------------
// What is generated (plain data)

/** One account: its currency, the prices (minor units) of each schedulable order's charges, a standard charge. */
export interface AccountGen {
  readonly currency: 'USD' | 'JPY';
  readonly scheduled: readonly (readonly number[])[];
  readonly standard: number | null;
}

/** A fault of one operation: where (per-mille of its fault-free port calls) and how. */
export interface FaultGen {
  readonly position: number;
  readonly kind: FaultKind;
}

type Faulted = { readonly faults: readonly FaultGen[] };

export type Step =
  | { readonly kind: 'advance'; readonly days: number }
  | ({
      readonly kind: 'create';
      readonly account: number;
      readonly order: number;
      /** Cut points (1..99) of 100 %: the items' percentages are the parts between them. */
      readonly cuts: readonly number[];
      /** First run date: days after 2023-01-01; then the gaps. */
      readonly firstRun: number;
      readonly gaps: readonly number[];
      readonly invoiceSeparately: boolean;
    } & Faulted)
  | ({
      readonly kind: 'billRun';
      /** Days after today (null: no target date, today by the clock). */
      readonly ahead: number | null;
      /** Only the `account`-th account (null: all). */
      readonly account: number | null;
    } & Faulted)
  | ({ readonly kind: 'generate'; readonly account: number } & Faulted)
  | ({
      readonly kind: 'execute';
      readonly schedule: number;
      /** 'next': no item; 'earliest': the earliest pending item's id; a number: that item (any status). */
      readonly item: 'next' | 'earliest' | number;
    } & Faulted)
  | ({
      readonly kind: 'update';
      readonly schedule: number;
      readonly edit: 'date' | 'percent' | 'notes' | 'separately';
      readonly a: number;
      readonly b: number;
      readonly fraction: number;
      readonly withVersion: boolean;
    } & Faulted)
  | ({
      readonly kind: 'post' | 'cancel' | 'reverse' | 'postMemo';
      readonly pick: number;
      /** Any status, not only the one the action moves from (the "again" answers). */
      readonly anyStatus: boolean;
    } & Faulted)
  | ({ readonly kind: 'removeProduct'; readonly sub: number; readonly position: number } & Faulted)
  | ({
      /**
       * A catch-up bill run: Remove Product of a subscription the `schedule`-th schedule covers, effective between
       * its first two pending items' run dates (`position`: per-mille of the days between), then a bill run `days`
       * after that date — past the first pending item's run date and the removal's credit date (§8.4), which the
       * first pending item does not give (it gives the credits due by its own run date): the run pulls the second
       * forward to it.
       */
      readonly kind: 'lateRun';
      readonly schedule: number;
      readonly sub: number;
      readonly position: number;
      readonly days: number;
    } & Faulted)
  | ({ readonly kind: 'updateProduct'; readonly sub: number; readonly priceUnits: number } & Faulted);

/** A generated sequence: the accounts, then the steps (one schedule per account is created first). */
export interface Sequence {
  readonly accounts: readonly AccountGen[];
  readonly steps: readonly Step[];
}

const priceArb = fc.integer({ min: 1_000, max: 5_000_000 });

const accountGenArb: fc.Arbitrary<AccountGen> = fc.record({
  currency: fc.constantFrom('USD' as const, 'USD' as const, 'JPY' as const),
  scheduled: fc.array(fc.array(priceArb, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }),
  standard: fc.option(priceArb, { nil: null }),
});

const faultArb: fc.Arbitrary<FaultGen> = fc.record({
  position: fc.integer({ min: 0, max: 999 }),
  kind: fc.constantFrom(...FAULT_KINDS),
});

/** No fault (a quarter of the operations), one, or two (the retry fails too). */
const faultsArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant([] as FaultGen[]) },
  { weight: 6, arbitrary: fc.array(faultArb, { minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.array(faultArb, { minLength: 2, maxLength: 2 }) },
);

const pick = fc.nat({ max: 40 });

const createArb = fc.record({
  kind: fc.constant('create' as const),
  account: pick,
  order: pick,
  cuts: fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 3 }),
  firstRun: fc.integer({ min: 0, max: 240 }),
  gaps: fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 3, maxLength: 3 }),
  invoiceSeparately: fc.boolean(),
  faults: faultsArb,
});

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 60 }) }),
  },
  { weight: 1, arbitrary: createArb },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('billRun' as const),
      // Now and then a late run, well past several items' run dates and order changes' credit dates.
      ahead: fc.option(fc.oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 400 })), {
        nil: null,
      }),
      account: fc.option(pick, { nil: null, freq: 2 }),
      faults: faultsArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('generate' as const), account: pick, faults: faultsArb }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('execute' as const),
      schedule: pick,
      item: fc.oneof(fc.constant('next' as const), fc.constant('earliest' as const), pick),
      faults: faultsArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('update' as const),
      schedule: pick,
      edit: fc.constantFrom('date' as const, 'percent' as const, 'notes' as const, 'separately' as const),
      a: pick,
      b: pick,
      fraction: fc.integer({ min: 0, max: 1000 }),
      withVersion: fc.boolean(),
      faults: faultsArb,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        'post' as const,
        'post' as const,
        'post' as const,
        'cancel' as const,
        'reverse' as const,
        'postMemo' as const,
      ),
      pick,
      anyStatus: fc.constantFrom(false, false, false, true),
      faults: faultsArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('removeProduct' as const),
      sub: pick,
      position: fc.integer({ min: 0, max: 1000 }),
      faults: faultsArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('lateRun' as const),
      schedule: pick,
      sub: pick,
      // Early in the gap mostly: a credit needs the items billed so far to be ahead of the charge's value then.
      position: fc.oneof(fc.integer({ min: 0, max: 250 }), fc.integer({ min: 0, max: 1000 })),
      days: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 300 })),
      faults: faultsArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('updateProduct' as const),
      sub: pick,
      priceUnits: priceArb,
      faults: faultsArb,
    }),
  },
);

/** A sequence of one to three accounts and up to `maxSteps` steps. */
export function sequenceArb(maxSteps = 24): fc.Arbitrary<Sequence> {
  return fc.record({
    accounts: fc.array(accountGenArb, { minLength: 1, maxLength: 3 }),
    steps: fc.array(stepArb, { minLength: 1, maxLength: maxSteps, size: 'max' }),
  });
}

// ---------------------------------------------------------------------------------------------------------
// The world as built from the generated accounts

interface Layout {
  readonly accounts: readonly {
    readonly number: string;
    readonly currency: string;
    readonly scheduleOrders: readonly string[];
  }[];
  readonly subscriptions: readonly {
    readonly number: string;
    readonly accountNumber: string;
    readonly ratePlanId: string;
    readonly chargeNumber: string;
    readonly minorUnits: number;
  }[];
  /** The saveNewAccount inputs, then each account's saveNewOrder inputs (activated in turn). */
  readonly setUp: readonly {
    readonly account: Record<string, unknown>;
    readonly orders: Record<string, unknown>[];
  }[];
}

function formatUnits(units: number, minorUnits: number): string {
  if (minorUnits === 0) return String(units);
  const scale = 10 ** minorUnits;
  return `${Math.floor(units / scale)}.${String(units % scale).padStart(minorUnits, '0')}`;
}

function layoutOf(accounts: readonly AccountGen[]): Layout {
  const out: Layout = { accounts: [], subscriptions: [], setUp: [] };
  const push = <T>(list: readonly T[], value: T) => (list as T[]).push(value);
  for (const [i, gen] of accounts.entries()) {
    const accountNumber = `A-${i + 1}`;
    const minorUnits = gen.currency === 'JPY' ? 0 : 2;
    const orders: Record<string, unknown>[] = [];
    const subscription = (number: string, chargeNumber: string, price: number, billingPeriod: string) => {
      push(out.subscriptions, {
        number,
        accountNumber,
        ratePlanId: `rp-${number}`,
        chargeNumber,
        minorUnits,
      });
      return {
        type: 'CreateSubscription',
        subscriptionNumber: number,
        termType: 'Termed',
        termStart: START,
        termEnd: '2023-12-31',
        ratePlans: [
          {
            id: `rp-${number}`,
            name: `Plan ${number}`,
            charges: [
              {
                number: chargeNumber,
                name: `Fee ${chargeNumber}`,
                type: 'Recurring',
                price: formatUnits(price, minorUnits),
                listPriceBase: 'Year',
                billingPeriod,
              },
            ],
          },
        ],
      };
    };
    const scheduleOrders: string[] = [];
    for (const [o, prices] of gen.scheduled.entries()) {
      const number = `O-${i + 1}-${o + 1}`;
      scheduleOrders.push(number);
      orders.push({
        number,
        accountNumber,
        orderDate: START,
        actions: prices.map((price, k) =>
          subscription(`S-${i + 1}-${o + 1}-${k + 1}`, `C-${i + 1}-${o + 1}-${k + 1}`, price, 'Annual'),
        ),
      });
    }
    if (gen.standard !== null) {
      orders.push({
        number: `O-${i + 1}-S`,
        accountNumber,
        orderDate: START,
        actions: [subscription(`S-${i + 1}-S`, `C-${i + 1}-S`, gen.standard, 'Quarter')],
      });
    }
    push(out.accounts, { number: accountNumber, currency: gen.currency, scheduleOrders });
    push(out.setUp, {
      account: {
        id: `acc-${accountNumber}`,
        number: accountNumber,
        name: accountNumber,
        currency: gen.currency,
      },
      orders,
    });
  }
  return out;
}

/** One store with its clock and its id generator (which remembers every id it issued, for `normalise`). */
interface World {
  readonly store: MemoryStore;
  readonly issued: Set<string>;
  readonly context: BillingContext;
  today(): BusinessDate;
  advance(days: number): void;
}

async function openWorld(layout: Layout): Promise<World> {
  const store = createMemoryStore();
  const issued = new Set<string>();
  const sequential = createSequentialIds();
  const ids: IdGenerator = {
    next(kind: string) {
      const id = sequential.next(kind);
      issued.add(id);
      return id;
    },
  };
  let today = START;
  const context: BillingContext = {
    store,
    ids,
    clock: { now: () => new Date(`${today}T12:00:00Z`) },
    settings: DEFAULT_TENANT_SETTINGS,
  };
  for (const { account, orders } of layout.setUp) {
    must(await saveNewAccount(context, account), `saveNewAccount ${account.number}`);
    for (const order of orders) {
      must(await saveNewOrder(context, order as { accountNumber: string }), `saveNewOrder ${order.number}`);
      must(
        await activateSavedOrder(context, { orderNumber: order.number as string }),
        `activate ${order.number}`,
      );
    }
  }
  return {
    store,
    issued,
    context,
    today: () => today,
    advance(days: number) {
      today = addDays(today, days);
    },
  };
}

function must<T, E>(result: Result<T, E>, what: string): T {
  if (result.isErr()) throw new Error(`simulation set-up: ${what} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

// ---------------------------------------------------------------------------------------------------------
// Resolving a step against one store's state

type Snapshot = ReturnType<MemoryStore['probe']['snapshot']>;
type ScheduleRecord = Snapshot['invoiceSchedules'][number];

/** An operation's answer, reduced to what the checks compare. */
type Answer =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly type: string; readonly error: unknown };

/** One public call of a step, resolved: its name, a label for the trace (no ids), and how to make it. */
interface Call {
  readonly operation: string;
  readonly label: string;
  readonly run: (context: BillingContext) => Promise<Answer>;
}

async function answer<T, E extends { readonly type: string }>(
  pending: PromiseLike<Result<T, E>>,
): Promise<Answer> {
  const result = await pending;
  return result.isOk()
    ? { ok: true, value: result.value }
    : { ok: false, type: result.error.type, error: result.error };
}

const at = <T>(list: readonly T[], n: number): T | undefined =>
  list.length === 0 ? undefined : list[n % list.length];

/** The calls of step `index` against `world` (a text when the step has nothing to act on). */
function resolve(step: Step, index: number, layout: Layout, world: World): readonly Call[] | string {
  const snapshot = world.store.probe.snapshot();
  const key = `${step.kind}-${index + 1}`;
  const scheduleAt = (n: number): ScheduleRecord | undefined => at(snapshot.invoiceSchedules, n);
  switch (step.kind) {
    case 'advance':
      return `advance ${step.days} days`;
    case 'create': {
      const account = at(layout.accounts, step.account);
      const order = account && at(account.scheduleOrders, step.order);
      if (!account || !order) return 'create: no account';
      const points = [0, ...[...step.cuts].sort((x, y) => x - y), 100];
      let runDate = addDays(START, step.firstRun);
      const items = points.slice(1).map((p, i) => {
        if (i > 0) runDate = addDays(runDate, step.gaps[i - 1] ?? 30);
        return { runDate: runDate as string, percentage: String(p - (points[i] as number)) };
      });
      const input = {
        accountNumber: account.number,
        orders: [order],
        items,
        invoiceSeparately: step.invoiceSeparately,
        idempotencyKey: key,
      };
      const label = `create on ${order} ${items.map((i) => `${i.percentage}%@${i.runDate}`).join(' ')}${step.invoiceSeparately ? '' : ' (consolidated)'}`;
      return [
        { operation: 'createInvoiceSchedule', label, run: (c) => answer(createInvoiceSchedule(c, input)) },
      ];
    }
    case 'billRun': {
      const account = step.account === null ? undefined : at(layout.accounts, step.account);
      const targetDate = step.ahead === null ? undefined : addDays(world.today(), step.ahead);
      const input = {
        ...(targetDate === undefined ? {} : { targetDate: targetDate as string }),
        ...(account === undefined ? {} : { accountNumbers: [account.number] }),
        idempotencyKey: key,
      };
      const label = `runBillRun ${targetDate ?? `(today ${world.today()})`}${account ? ` for ${account.number}` : ''}`;
      return [{ operation: 'runBillRun', label, run: (c) => answer(runBillRun(c, input)) }];
    }
    case 'generate': {
      const account = at(layout.accounts, step.account) as Layout['accounts'][number];
      const input = { accountNumber: account.number, idempotencyKey: key };
      return [
        {
          operation: 'generateBillingDocuments',
          label: `generateBillingDocuments ${account.number} (today ${world.today()})`,
          run: (c) => answer(generateBillingDocuments(c, input)),
        },
      ];
    }
    case 'execute': {
      const schedule = scheduleAt(step.schedule);
      if (!schedule) return 'execute: no schedule';
      let item: ScheduleRecord['items'][number] | undefined;
      if (step.item === 'earliest') item = schedule.items.find((i) => i.status !== 'Processed');
      else if (step.item !== 'next') item = at(schedule.items, step.item);
      const input = {
        invoiceScheduleNumber: schedule.number,
        ...(item === undefined ? {} : { itemId: item.id }),
        idempotencyKey: key,
      };
      return [
        {
          operation: 'executeInvoiceSchedule',
          label: `execute ${schedule.number} ${item ? `item ${item.sequence} (${item.status})` : '(next)'}`,
          run: (c) => answer(executeInvoiceSchedule(c, input)),
        },
      ];
    }
    case 'update':
      return resolveUpdate(step, key, scheduleAt(step.schedule));
    case 'lateRun':
      return resolveLateRun(step, index, key, layout, scheduleAt(step.schedule));
    case 'post':
    case 'cancel':
    case 'reverse': {
      const from = step.kind === 'reverse' ? 'Posted' : 'Draft';
      const eligible = snapshot.invoices.filter((i) => step.anyStatus || i.status === from);
      const invoice = at(eligible, step.pick);
      if (!invoice) return `${step.kind}: no invoice`;
      const action =
        step.kind === 'post' ? postInvoice : step.kind === 'cancel' ? cancelInvoice : reverseInvoice;
      const operation = `${step.kind}Invoice`;
      return [
        {
          operation,
          label: `${operation} ${invoice.number} (${invoice.status})`,
          run: (c) => answer(action(c, { invoiceNumber: invoice.number })),
        },
      ];
    }
    case 'postMemo': {
      const memo = at(
        snapshot.creditMemos.filter((m) => step.anyStatus || m.status === 'Draft'),
        step.pick,
      );
      if (!memo) return 'postCreditMemo: no credit memo';
      return [
        {
          operation: 'postCreditMemo',
          label: `postCreditMemo ${memo.number} (${memo.status})`,
          run: (c) => answer(postCreditMemo(c, { creditMemoNumber: memo.number })),
        },
      ];
    }
    case 'removeProduct':
    case 'updateProduct': {
      const sub = at(layout.subscriptions, step.sub) as Layout['subscriptions'][number];
      const orderNumber = `M-${index + 1}`;
      let action: Record<string, unknown>;
      let what: string;
      if (step.kind === 'removeProduct') {
        const effectiveDate = addDays(START, Math.floor((364 * step.position) / 1000));
        action = {
          type: 'RemoveProduct',
          subscriptionNumber: sub.number,
          ratePlanId: sub.ratePlanId,
          effectiveDate,
        };
        what = `remove ${sub.number} from ${effectiveDate}`;
      } else {
        const price = formatUnits(step.priceUnits, sub.minorUnits);
        action = {
          type: 'UpdateProduct',
          subscriptionNumber: sub.number,
          chargeNumber: sub.chargeNumber,
          effectiveDate: START,
          price,
        };
        what = `price of ${sub.chargeNumber} → ${price}`;
      }
      const order = {
        number: orderNumber,
        accountNumber: sub.accountNumber,
        orderDate: START,
        actions: [action],
      };
      return [
        {
          operation: 'saveNewOrder',
          label: `saveNewOrder ${orderNumber}: ${what}`,
          run: (c) => answer(saveNewOrder(c, order)),
        },
        {
          operation: 'activateSavedOrder',
          label: `activateSavedOrder ${orderNumber}`,
          run: (c) => answer(activateSavedOrder(c, { orderNumber })),
        },
      ];
    }
  }
}

/** A `lateRun` step: the removal's order (saved, then activated), then the bill run. */
function resolveLateRun(
  step: Extract<Step, { kind: 'lateRun' }>,
  index: number,
  key: string,
  layout: Layout,
  schedule: ScheduleRecord | undefined,
): readonly Call[] | string {
  if (!schedule) return 'lateRun: no schedule';
  const [first, second] = schedule.items.filter((i) => i.status !== 'Processed' && i.runDate !== null);
  if (!first || !second) return `lateRun ${schedule.number}: fewer than two pending items`;
  const from = first.runDate as BusinessDate;
  const gap = daysBetween(from, second.runDate as BusinessDate);
  if (gap < 2)
    return `lateRun ${schedule.number}: no day between items ${first.sequence} and ${second.sequence}`;
  const effectiveDate = addDays(from, 1 + Math.floor(((gap - 2) * step.position) / 1000));
  const covered = at(schedule.charges, step.sub);
  const sub = layout.subscriptions.find((x) => x.number === covered?.subscriptionNumber);
  if (!sub) return `lateRun ${schedule.number}: no subscription`;
  const orderNumber = `M-${index + 1}`;
  const order = {
    number: orderNumber,
    accountNumber: sub.accountNumber,
    orderDate: START,
    actions: [
      { type: 'RemoveProduct', subscriptionNumber: sub.number, ratePlanId: sub.ratePlanId, effectiveDate },
    ],
  };
  const targetDate = addDays(effectiveDate, step.days);
  const input = { targetDate: targetDate as string, idempotencyKey: key };
  return [
    {
      operation: 'saveNewOrder',
      label: `saveNewOrder ${orderNumber}: remove ${sub.number} from ${effectiveDate} (between items ${first.sequence} and ${second.sequence} of ${schedule.number})`,
      run: (c) => answer(saveNewOrder(c, order)),
    },
    {
      operation: 'activateSavedOrder',
      label: `activateSavedOrder ${orderNumber}`,
      run: (c) => answer(activateSavedOrder(c, { orderNumber })),
    },
    {
      operation: 'runBillRun',
      label: `runBillRun ${targetDate} (late)`,
      run: (c) => answer(runBillRun(c, input)),
    },
  ];
}

function resolveUpdate(
  step: Extract<Step, { kind: 'update' }>,
  key: string,
  schedule: ScheduleRecord | undefined,
): readonly Call[] | string {
  if (!schedule) return 'update: no schedule';
  const base = {
    invoiceScheduleNumber: schedule.number,
    idempotencyKey: key,
    ...(step.withVersion ? { expectedVersion: schedule.version } : {}),
  };
  let input: Parameters<typeof updateInvoiceSchedule>[1];
  let what: string;
  if (step.edit === 'notes') {
    input = { ...base, notes: `note of ${key}` };
    what = 'notes';
  } else if (step.edit === 'separately') {
    input = { ...base, invoiceSeparately: !schedule.invoiceSeparately };
    what = `invoiceSeparately → ${!schedule.invoiceSeparately}`;
  } else {
    // Items go back as stored (processed ones must), with one edit to a pending item.
    const items = schedule.items.map((i) => ({
      id: i.id,
      ...(i.name === null ? {} : { name: i.name }),
      runDate: i.runDate,
      ...(i.percentage === null ? { amount: i.amount } : { percentage: i.percentage }),
    }));
    const pending = schedule.items.flatMap((i, n) => (i.status === 'Processed' ? [] : [n]));
    const a = at(pending, step.a);
    if (a === undefined) return `update ${schedule.number}: no pending item`;
    const itemA = items[a] as (typeof items)[number];
    if (step.edit === 'date') {
      const here = itemA.runDate as BusinessDate;
      const previous = (items[a - 1]?.runDate ?? addDays(here, -60)) as BusinessDate;
      const next = (items[a + 1]?.runDate ?? addDays(here, 60)) as BusinessDate;
      const room = daysBetween(previous, next) - 1;
      if (room < 1) return `update ${schedule.number}: no room to move item ${a + 1}`;
      const runDate = addDays(previous, 1 + Math.floor(((room - 1) * step.fraction) / 1000));
      items[a] = { ...itemA, runDate };
      what = `item ${a + 1} run date → ${runDate}`;
    } else {
      const others = pending.filter((n) => n !== a);
      const b = at(others, step.b);
      const itemB = b === undefined ? undefined : items[b];
      if (b === undefined || !itemB || !('percentage' in itemA) || !('percentage' in itemB))
        return `update ${schedule.number}: no two pending percentage items`;
      const pa = Number(itemA.percentage);
      const moved = Math.max(1, Math.floor((pa * step.fraction) / 1000));
      items[a] = { ...itemA, percentage: String(pa - moved) };
      items[b] = { ...itemB, percentage: String(Number(itemB.percentage) + moved) };
      what = `${moved}% from item ${a + 1} to item ${b + 1}`;
    }
    input = { ...base, items: items as NonNullable<typeof input.items> };
  }
  return [
    {
      operation: 'updateInvoiceSchedule',
      label: `update ${schedule.number}: ${what}${step.withVersion ? ` (expectedVersion ${schedule.version})` : ''}`,
      run: (c) => answer(updateInvoiceSchedule(c, input)),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------
// The money invariants (M1–M3), on one store's committed state

function keyOf(subscriptionNumber: string, chargeNumber: string | null): string {
  return `${subscriptionNumber}/${chargeNumber}`;
}

const isLive = (status: string) => status === 'Draft' || status === 'Posted';

/** The first money invariant `snapshot` breaks, or null. */
export function moneyViolation(snapshot: Snapshot): { kind: string; message: string } | null {
  const live = snapshot.invoices.filter((i) => isLive(i.status));
  // M1
  const invoicesOfItem = new Map<string, Set<string>>();
  for (const invoice of live) {
    for (const line of invoice.lines) {
      if (line.invoiceScheduleItemId === null) continue;
      const set = invoicesOfItem.get(line.invoiceScheduleItemId) ?? new Set<string>();
      set.add(invoice.number);
      invoicesOfItem.set(line.invoiceScheduleItemId, set);
    }
  }
  for (const schedule of snapshot.invoiceSchedules) {
    for (const item of schedule.items) {
      const on = [...(invoicesOfItem.get(item.id) ?? [])];
      const name = `${schedule.number} item ${item.sequence} (${item.status})`;
      if (on.length > 1) return { kind: 'M1 item billed twice', message: `${name} is on ${on.join(', ')}` };
      if (item.status !== 'Processed' && on.length > 0)
        return { kind: 'M1 item billed twice', message: `${name} is pending but on live invoice ${on[0]}` };
      if (item.status === 'Processed' && item.invoiceNumber !== null) {
        const invoice = snapshot.invoices.find((i) => i.number === item.invoiceNumber);
        if (!invoice || !isLive(invoice.status))
          return {
            kind: 'M1 item billed twice',
            message: `${name} names invoice ${item.invoiceNumber}, which is ${invoice?.status ?? 'missing'}`,
          };
      }
    }
  }
  // M2
  for (const schedule of snapshot.invoiceSchedules) {
    const net = new Map<string, Decimal>();
    const add = (key: string, amount: Decimal) => net.set(key, (net.get(key) ?? new D(0)).plus(amount));
    for (const invoice of live) {
      for (const line of invoice.lines) {
        if (line.invoiceScheduleNumber !== schedule.number) continue;
        const charge = line.kind === 'Discount' ? line.appliesToChargeNumber : line.chargeNumber;
        add(keyOf(line.subscriptionNumber, charge), new D(line.amount));
      }
    }
    for (const memo of snapshot.creditMemos) {
      for (const line of memo.lines) {
        if (line.invoiceScheduleNumber !== schedule.number) continue;
        add(keyOf(line.subscriptionNumber, line.chargeNumber), new D(line.amount).neg());
      }
    }
    const covered = new Set(schedule.charges.map((c) => keyOf(c.subscriptionNumber, c.chargeNumber)));
    for (const c of schedule.charges) {
      const key = keyOf(c.subscriptionNumber, c.chargeNumber);
      const documents = net.get(key) ?? new D(0);
      if (!documents.eq(c.billedAmount))
        return {
          kind: 'M2 documents ≠ schedule',
          message: `${schedule.number} ${key}: documents net ${documents.toFixed()}, schedule billed ${c.billedAmount}`,
        };
    }
    for (const key of net.keys()) {
      if (!covered.has(key))
        return {
          kind: 'M2 documents ≠ schedule',
          message: `${schedule.number}: documents bill ${key}, not covered`,
        };
    }
    const documents = [...net.values()].reduce((a, x) => a.plus(x), new D(0));
    const items = schedule.items.reduce((a, i) => a.plus(i.billedAmount), new D(0));
    if (!documents.eq(items) || !items.eq(schedule.billedAmount))
      return {
        kind: 'M2 documents ≠ schedule',
        message: `${schedule.number}: documents net ${documents.toFixed()}, Σ item billed ${items.toFixed()}, billedAmount ${schedule.billedAmount}`,
      };
  }
  // M3
  return (
    gapless('Invoice', snapshot.invoices, snapshot.sequences.Invoice) ??
    gapless('CreditMemo', snapshot.creditMemos, snapshot.sequences.CreditMemo) ??
    gapless('InvoiceSchedule', snapshot.invoiceSchedules, snapshot.sequences.InvoiceSchedule) ??
    duplicateId(snapshot)
  );
}

/** M3 (P1 for bill runs): numbers 1..n, unique, and the sequence's last number n. */
function gapless(
  name: string,
  records: readonly { readonly number: string }[],
  last: number,
): { kind: string; message: string } | null {
  const numbers = records.map((r) => Number(/(\d+)$/.exec(r.number)?.[1])).sort((a, b) => a - b);
  const wrong = numbers.findIndex((n, i) => n !== i + 1);
  if (wrong >= 0 || last !== numbers.length)
    return {
      kind: `${name === 'BillRun' ? 'P1' : 'M3'} ${name} numbers not gapless`,
      message: `${name} numbers ${numbers.join(',') || '(none)'}, the sequence's last ${last}`,
    };
  return null;
}

function duplicateId(snapshot: Snapshot): { kind: string; message: string } | null {
  const seen = new Set<string>();
  const ids = [
    ...snapshot.invoiceSchedules.flatMap((s) => [s.id, ...s.items.map((i) => i.id)]),
    ...snapshot.invoices.flatMap((i) => [i.id, ...i.lines.map((l) => l.id)]),
    ...snapshot.creditMemos.flatMap((m) => [m.id, ...m.lines.map((l) => l.id)]),
  ];
  for (const id of ids) {
    if (seen.has(id)) return { kind: 'M3 id not unique', message: `id ${id} twice` };
    seen.add(id);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Comparing a faulty store with the fault-free one

/**
 * A snapshot as plain data the two runs can be compared on. What legitimately differs:
 * - ids. An attempt that rolled back (or a commit fault's lost answer, retried) drew ids from the IdGenerator
 *   that no record keeps, so the faulty run's later ids are further on (`Invoice-000007` where the fault-free
 *   run has `Invoice-000005`). Every id the run's generator issued is renamed by its first appearance in a
 *   fixed walk of the snapshot (records in number order), also inside idempotency keys
 *   (`execution:<schedule id>:<item id>:<generation>`), and idempotency fingerprints (a hash of the request,
 *   which may name an item by its id) are reduced to their presence. Two states equal up to a renaming of
 *   ids compare equal; anything else (numbers, amounts, statuses, dates, versions, which id is where) must
 *   match.
 * - bill runs, unless `strictBillRuns` (P3, pending): the records and their account parts, the BillRun
 *   sequence, and every bill run number (on documents and in idempotency results) are left out.
 */
export function normalise(snapshot: Snapshot, issued: ReadonlySet<string>, strictBillRuns: boolean): unknown {
  const names = new Map<string, string>();
  const rename = (id: string): string => {
    if (!issued.has(id)) {
      // Ids derived from an issued one (an invoice line `Invoice-000005-1` of invoice `Invoice-000005`).
      const derived = /^(.+)(-\d+)$/.exec(id);
      return derived && issued.has(derived[1] as string)
        ? `${rename(derived[1] as string)}${derived[2]}`
        : id;
    }
    let name = names.get(id);
    if (name === undefined) {
      name = `${id.replace(/-\d+$/, '')}#${names.size + 1}`;
      names.set(id, name);
    }
    return name;
  };
  const billRun = /^BR-\d+$/;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (!strictBillRuns && billRun.test(value)) return 'BR-?';
      return rename(value);
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  const out: Record<string, unknown> = {};
  for (const [table, value] of Object.entries(snapshot)) {
    if (table === 'idempotency') continue;
    if (!strictBillRuns && table.startsWith('billRun')) continue;
    if (table === 'sequences' && !strictBillRuns) {
      const { BillRun: _dropped, ...rest } = value as Snapshot['sequences'];
      out[table] = rest;
      continue;
    }
    out[table] = walk(value);
  }
  // A stored result is JSON text (the operation's answer): its ids are renamed inside it too, or a retry that drew
  // fresh ids after a failed attempt would differ from the fault-free run there alone (seed 4295).
  const resultOf = (result: unknown): unknown => {
    if (typeof result !== 'string') return walk(result);
    try {
      return { json: walk(JSON.parse(result)) };
    } catch {
      return walk(result);
    }
  };
  out.idempotency = snapshot.idempotency
    .map((r) => ({
      ...(walk(r) as Record<string, unknown>),
      ...('result' in r ? { result: resultOf(r.result) } : {}),
      key: r.key.split(':').map(rename).join(':'),
      // A hash of the request, which may name an item by its id: whether there is one is what compares.
      ...(r.fingerprint === undefined ? {} : { fingerprint: 'fingerprint' }),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out;
}

/** The first place two plain values differ, as `path: a ≠ b`, or null. Records are named by number or key. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (a === b) return null;
  const show = (v: unknown) => {
    const text = JSON.stringify(v) ?? 'undefined';
    return text.length > 240 ? `${text.slice(0, 240)}…` : text;
  };
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  )
    return `${path || '(root)'}: ${show(a)} ≠ ${show(b)}`;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
    const item = (x[k] ?? y[k]) as { number?: unknown; key?: unknown } | undefined;
    const name = Array.isArray(a) && item && typeof item === 'object' ? (item.number ?? item.key ?? k) : k;
    const d = firstDifference(x[k], y[k], Array.isArray(a) ? `${path}[${String(name)}]` : `${path}.${k}`);
    if (d !== null) return d;
  }
  return null;
}

function sameState(a: Snapshot, b: Snapshot): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------------------------------------------------
// Running a sequence

/** A broken invariant: which, what, where. */
export interface Finding {
  readonly kind: string;
  readonly message: string;
  /** The step (1-based) after which it was seen; 0: at the end of the sequence. */
  readonly step: number;
}

/** What one sequence did. */
export interface SequenceReport {
  readonly operations: number;
  readonly faultsInjected: number;
  readonly retries: number;
  /** The first violation (the sequence stops there), or null. */
  readonly violation: Finding | null;
  /** The first pending finding (P1–P3 while they are off), or null. */
  readonly pending: Finding | null;
  /** One line per operation: what it did, its faults and attempts, its answer. */
  readonly trace: readonly string[];
}

export interface SequenceOptions {
  /** Count P1–P3 as violations (default {@link RESUMABLE_BILL_RUNS}). */
  readonly resumableBillRuns?: boolean;
}

/** Thrown inside a sequence to stop it at its first violation. */
type Stop = Error & { readonly finding: Finding };

const isStop = (e: unknown): e is Stop => e instanceof Error && 'finding' in e;

interface Run {
  readonly layout: Layout;
  readonly shadow: World;
  readonly faulty: World;
  readonly strict: boolean;
  step: number;
  operations: number;
  faultsInjected: number;
  retries: number;
  pending: Finding | null;
  readonly trace: string[];
}

function violation(run: Run, kind: string, message: string): never {
  throw Object.assign(new Error(`${kind}: ${message}`), { finding: { kind, message, step: run.step } });
}

/** A P1–P3 finding: a violation when they are on, else remembered (the first) and the sequence goes on. */
function pendingFinding(run: Run, kind: string, message: string): void {
  if (run.strict) violation(run, kind, message);
  run.pending ??= { kind, message, step: run.step };
}

type Outcome = Answer | { readonly ok: false; readonly type: 'threw'; readonly error: unknown };

interface BillRunLike {
  readonly number: string;
  readonly invoiceNumbers: readonly string[];
  readonly creditMemoNumbers: readonly string[];
  readonly failures: readonly unknown[];
}

function billRunOf(outcome: Outcome): BillRunLike | null {
  if (!outcome.ok) return null;
  const value = outcome.value as Partial<BillRunLike> | null;
  return value &&
    typeof value === 'object' &&
    Array.isArray(value.invoiceNumbers) &&
    Array.isArray(value.failures)
    ? (value as BillRunLike)
    : null;
}

/** A failure a caller retries: a throw, a conflict, an error marked retryable, a bill run with failed accounts. */
function retryable(outcome: Outcome): boolean {
  if (!outcome.ok)
    return (
      outcome.type === 'threw' ||
      outcome.type === 'VersionConflict' ||
      outcome.type === 'StoreConflict' ||
      (outcome.error as { readonly retryable?: unknown } | null)?.retryable === true
    );
  return (billRunOf(outcome)?.failures.length ?? 0) > 0;
}

/** F2's "already done": what an operation without a key answers when its own earlier, lost, write is there. */
const ALREADY_DONE: Readonly<Record<string, readonly string[]>> = {
  activateSavedOrder: ['OrderAlreadyActivated'],
  saveNewOrder: ['VersionConflict'],
};

const describeOutcome = (outcome: Outcome) => (outcome.ok ? 'ok' : outcome.type);

/** The faults of one operation as a plan over its port calls (`calls`: how many the fault-free run made). */
function planOf(faults: readonly FaultGen[], calls: number): FaultPlan {
  if (calls === 0) return [];
  const plan: { call: number; kind: FaultKind }[] = [];
  let from = 0;
  for (const f of faults) {
    const call = from + Math.floor((f.position * calls) / 1000);
    plan.push({ call, kind: f.kind });
    from = call + 1;
  }
  return plan;
}

async function attempt(call: Call, context: BillingContext): Promise<Outcome> {
  try {
    return await call.run(context);
  } catch (thrown) {
    return { ok: false, type: 'threw', error: thrown };
  }
}

/**
 * Runs one call on both stores, the faulty one with retries, then checks F1–F5 and M1–M3. Returns the
 * fault-free run's answer.
 */
async function perform(
  run: Run,
  shadowCall: Call,
  faultyCall: Call,
  faults: readonly FaultGen[],
): Promise<Outcome> {
  // The fault-free run, counting its port calls.
  const counter = withFaults(run.shadow.store, []);
  const shadowBefore = run.shadow.store.probe.snapshot();
  const expected = await attempt(shadowCall, { ...run.shadow.context, store: counter });
  if (!expected.ok && expected.type === 'threw')
    violation(run, 'F1 fault-free run threw', `${shadowCall.label}: ${String(expected.error)}`);
  const shadowAfter = run.shadow.store.probe.snapshot();

  // The faulty run: retried until an attempt runs clean (or answers without a retryable failure).
  const store = withFaults(run.faulty.store, planOf(faults, counter.stats.calls));
  const context = { ...run.faulty.context, store };
  const faultyBefore = run.faulty.store.probe.snapshot();
  let outcome: Outcome | null = null;
  let partial = false;
  const attempts: string[] = [];
  for (let n = 1; n <= MAX_ATTEMPTS; n++) {
    if (n > 1) run.retries += 1;
    const before = run.faulty.store.probe.snapshot();
    const injected = store.stats.faultsInjected;
    const got = await attempt(faultyCall, context);
    const faulted = store.stats.injected.slice(injected);
    if (!got.ok && got.type === 'threw' && !isInjectedFault(got.error))
      violation(run, 'F1 real error thrown', `${faultyCall.label}, attempt ${n}: ${String(got.error)}`);
    if (faulted.length === 0 || !retryable(got)) {
      if (faulted.length > 0) attempts.push(`${faultText(faulted)} absorbed`);
      outcome = got;
      break;
    }
    const changed = !sameState(before, run.faulty.store.probe.snapshot());
    partial ||= changed;
    attempts.push(`${faultText(faulted)} → ${describeOutcome(got)}${changed ? ' (store changed)' : ''}`);
  }
  run.operations += 1;
  run.faultsInjected += store.stats.faultsInjected;
  const label = `#${run.step} ${faultyCall.label}`;
  if (outcome === null) {
    run.trace.push(`${label}: ${attempts.join('; ')}`);
    violation(run, 'F1 not completed', `${faultyCall.label}: still failing after ${MAX_ATTEMPTS} attempts`);
  }
  run.trace.push(
    `${label}: ${describeOutcome(outcome)}${attempts.length > 0 ? ` [${attempts.join('; ')}]` : ''}${shadowCall.label === faultyCall.label ? '' : ` (fault-free run: ${shadowCall.label})`}`,
  );
  const faultyAfter = run.faulty.store.probe.snapshot();

  // F2
  const done = !outcome.ok && partial && (ALREADY_DONE[faultyCall.operation] ?? []).includes(outcome.type);
  if (
    !done &&
    (outcome.ok !== expected.ok || (!outcome.ok && !expected.ok && outcome.type !== expected.type))
  )
    violation(
      run,
      'F2 answer differs',
      `${faultyCall.label}: ${describeOutcome(outcome)}, fault-free run ${describeOutcome(expected)}`,
    );
  // F5
  if (!expected.ok && !sameState(shadowBefore, shadowAfter))
    violation(
      run,
      'F5 refused operation changed the store',
      `fault-free run, ${shadowCall.label}: ${expected.type}`,
    );
  if (!outcome.ok && !done && !sameState(faultyBefore, faultyAfter))
    violation(run, 'F5 refused operation changed the store', `${faultyCall.label}: ${outcome.type}`);
  // F4 (P2 for runBillRun's faulty run)
  checkBillRun(run, shadowCall, expected, shadowBefore, shadowAfter, false);
  checkBillRun(run, faultyCall, outcome, faultyBefore, faultyAfter, faultyCall.operation === 'runBillRun');
  // M1–M3 (P1 for bill runs), on both stores
  for (const [which, snapshot] of [
    ['fault-free run', shadowAfter],
    ['faulty run', faultyAfter],
  ] as const) {
    const broken = moneyViolation(snapshot);
    if (broken) violation(run, broken.kind, `${which}, after ${faultyCall.label}: ${broken.message}`);
    const runs = gapless('BillRun', snapshot.billRuns, snapshot.sequences.BillRun);
    if (runs) {
      if (which === 'fault-free run') violation(run, runs.kind, `${which}: ${runs.message}`);
      else pendingFinding(run, runs.kind, `after ${faultyCall.label}: ${runs.message}`);
    }
  }
  // F3 (P3 with bill runs)
  compare(
    run,
    faultyAfter,
    shadowAfter,
    `after ${faultyCall.label}${partial ? ', retried after a failed attempt changed the store' : ''}`,
  );
  return expected;
}

function faultText(faults: readonly InjectedFaultInfo[]): string {
  return faults.map((f) => `${f.kind}@${f.port}#${f.call}`).join(', ');
}

/**
 * F4: a returned bill run is stored and lists every document the operation created; a run the operation made
 * lists only those, an earlier run it answered with (a retry of a processed item's execution) only documents
 * that exist.
 */
function checkBillRun(
  run: Run,
  call: Call,
  outcome: Outcome,
  before: Snapshot,
  after: Snapshot,
  pendingCheck: boolean,
): void {
  const billRun = billRunOf(outcome);
  if (!billRun) return;
  const numbers = (s: Snapshot) => new Set([...s.invoices, ...s.creditMemos].map((r) => r.number));
  const [earlier, now] = [numbers(before), numbers(after)];
  const made = [...now].filter((n) => !earlier.has(n));
  const listed = [...billRun.invoiceNumbers, ...billRun.creditMemoNumbers];
  const stored = after.billRuns.some((r) => r.number === billRun.number);
  const isNew = !before.billRuns.some((r) => r.number === billRun.number);
  const fine =
    stored &&
    made.every((n) => listed.includes(n)) &&
    listed.every((n) => now.has(n) && (!isNew || made.includes(n)));
  if (fine) return;
  const message = `${call.label}: ${isNew ? '' : 'earlier '}${billRun.number} ${stored ? '' : '(not stored) '}lists ${listed.join(',') || 'nothing'}, the operation created ${made.sort().join(',') || 'nothing'}`;
  if (pendingCheck) pendingFinding(run, 'P2 bill run does not list its documents', message);
  else violation(run, 'F4 bill run does not list its documents', message);
}

/** F3 (and P3): the faulty store equals the fault-free one, normalised. */
function compare(run: Run, faulty: Snapshot, shadow: Snapshot, when: string): void {
  const reduced = firstDifference(
    normalise(faulty, run.faulty.issued, false),
    normalise(shadow, run.shadow.issued, false),
  );
  if (reduced !== null)
    violation(run, 'F3 state differs from the fault-free run', `${when}: faulty ≠ fault-free at ${reduced}`);
  const strict = firstDifference(
    normalise(faulty, run.faulty.issued, true),
    normalise(shadow, run.shadow.issued, true),
  );
  if (strict !== null)
    pendingFinding(
      run,
      'P3 bill runs differ from the fault-free run',
      `${when}: faulty ≠ fault-free at ${strict}`,
    );
}

/** Runs one sequence on a fault-free and a faulty store, checking after every operation and at the end. */
export async function runSequence(
  sequence: Sequence,
  options: SequenceOptions = {},
): Promise<SequenceReport> {
  const layout = layoutOf(sequence.accounts);
  const run: Run = {
    layout,
    shadow: await openWorld(layout),
    faulty: await openWorld(layout),
    strict: options.resumableBillRuns ?? RESUMABLE_BILL_RUNS,
    step: 0,
    operations: 0,
    faultsInjected: 0,
    retries: 0,
    pending: null,
    trace: [],
  };
  let found: Finding | null = null;
  // One schedule per account first (on its first order), fault-free, so that most sequences bill schedules.
  const opening: Step[] = layout.accounts.map((_, account) => ({
    kind: 'create',
    account,
    order: 0,
    cuts: [30, 70],
    firstRun: 10 + 20 * account,
    gaps: [60, 90, 90],
    invoiceSeparately: account % 2 === 0,
    faults: [],
  }));
  try {
    for (const step of [...opening, ...sequence.steps]) {
      run.step += 1;
      await runStep(run, step);
    }
    run.step = 0;
    compare(run, run.faulty.store.probe.snapshot(), run.shadow.store.probe.snapshot(), 'at the end');
  } catch (thrown) {
    if (!isStop(thrown)) {
      found = {
        kind: 'harness error',
        message: thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown),
        step: run.step,
      };
    } else found = thrown.finding;
  }
  return {
    operations: run.operations,
    faultsInjected: run.faultsInjected,
    retries: run.retries,
    violation: found,
    pending: run.pending,
    trace: run.trace,
  };
}

async function runStep(run: Run, step: Step): Promise<void> {
  if (step.kind === 'advance') {
    run.shadow.advance(step.days);
    run.faulty.advance(step.days);
    run.trace.push(`#${run.step} advance ${step.days} days → ${run.faulty.today()}`);
    return;
  }
  const index = run.step - 1;
  const expected = resolve(step, index, run.layout, run.shadow);
  const actual = resolve(step, index, run.layout, run.faulty);
  if (typeof expected === 'string' || typeof actual === 'string') {
    if (typeof expected !== typeof actual)
      violation(
        run,
        'F3 state differs from the fault-free run',
        `step ${step.kind} resolves to ${String(actual)} on the faulty store, ${String(expected)} on the fault-free one`,
      );
    run.trace.push(`#${run.step} ${String(actual)} (skipped)`);
    return;
  }
  for (const [i, call] of actual.entries()) {
    // The next call of the step (activating a saved order) runs when the fault-free run's call succeeded.
    const expectedOutcome = await perform(run, expected[i] as Call, call, step.faults);
    if (!expectedOutcome.ok) break;
    await checkNothingDue(run, step, call, expectedOutcome);
  }
}

/**
 * C1: after a bill run or a generation of billing documents without failures, nothing is due by its target date
 * on the fault-free store — for the account it names (`runBillRun` for one account, generate), paused
 * schedules included for a generation (decision 16).
 */
async function checkNothingDue(run: Run, step: Step, call: Call, outcome: Outcome): Promise<void> {
  if (call.operation !== 'runBillRun' && call.operation !== 'generateBillingDocuments') return;
  const billRun = billRunOf(outcome);
  const targetDate = (outcome.ok ? (outcome.value as { targetDate?: unknown }).targetDate : undefined) as
    | BusinessDate
    | undefined;
  if (!billRun || billRun.failures.length > 0 || typeof targetDate !== 'string') return;
  const account =
    step.kind === 'generate' || (step.kind === 'billRun' && step.account !== null)
      ? at(run.layout.accounts, step.account as number)?.number
      : undefined;
  const due = await stillDue(run.shadow, targetDate, {
    ...(account === undefined ? {} : { accountNumber: account }),
    ...(step.kind === 'generate' ? { includePausedSchedules: true } : {}),
  });
  if (due.length > 0)
    violation(
      run,
      'C1 left due by the target date',
      `after ${call.label} (target ${targetDate}): ${due.join('; ')}`,
    );
}

// ---------------------------------------------------------------------------------------------------------
// The campaign

export interface CampaignOptions extends SequenceOptions {
  readonly sequences: number;
  /** Sequence i is generated from seed + i, so any one replays alone (`--sequences 1 --seed <seed + i>`). */
  readonly seed: number;
  readonly maxSteps?: number;
  /** Called after each sequence (progress). */
  readonly onSequence?: (index: number, report: SequenceReport) => void;
}

/** The first sequence that broke something: its seed (replays it alone), the finding and the trace. */
export interface Counterexample {
  readonly seed: number;
  readonly finding: Finding;
  readonly sequence: Sequence;
  readonly trace: readonly string[];
}

export interface CampaignReport {
  readonly sequences: number;
  readonly operations: number;
  readonly faultsInjected: number;
  readonly retries: number;
  /** Sequences with a violation. */
  readonly violations: number;
  /** Sequences with a pending finding (P1–P3 while off). */
  readonly pending: number;
  readonly violationsByKind: Readonly<Record<string, number>>;
  readonly pendingByKind: Readonly<Record<string, number>>;
  readonly firstCounterexample: Counterexample | null;
  readonly firstPending: Counterexample | null;
}

/** The sequence of seed `seed`. */
export function sequenceOf(seed: number, maxSteps?: number): Sequence {
  return fc.sample(sequenceArb(maxSteps), { seed, numRuns: 1 })[0] as Sequence;
}

/** Runs `sequences` generated sequences from `seed`, counting what they did and broke. */
export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  let operations = 0;
  let faultsInjected = 0;
  let retries = 0;
  const violationsByKind: Record<string, number> = {};
  const pendingByKind: Record<string, number> = {};
  let violations = 0;
  let pending = 0;
  let firstCounterexample: Counterexample | null = null;
  let firstPending: Counterexample | null = null;
  for (let i = 0; i < options.sequences; i++) {
    const seed = (options.seed + i) | 0;
    const sequence = sequenceOf(seed, options.maxSteps);
    const report = await runSequence(sequence, options);
    operations += report.operations;
    faultsInjected += report.faultsInjected;
    retries += report.retries;
    if (report.violation) {
      violations += 1;
      violationsByKind[report.violation.kind] = (violationsByKind[report.violation.kind] ?? 0) + 1;
      firstCounterexample ??= { seed, finding: report.violation, sequence, trace: report.trace };
    }
    if (report.pending) {
      pending += 1;
      pendingByKind[report.pending.kind] = (pendingByKind[report.pending.kind] ?? 0) + 1;
      firstPending ??= { seed, finding: report.pending, sequence, trace: report.trace };
    }
    options.onSequence?.(i, report);
  }
  return {
    sequences: options.sequences,
    operations,
    faultsInjected,
    retries,
    violations,
    pending,
    violationsByKind,
    pendingByKind,
    firstCounterexample,
    firstPending,
  };
}

/**
 * Shrinks a counterexample with fast-check, keeping a finding of the same kind: fewer accounts and steps, no
 * needless faults. Returns the smallest one found within `timeLimitMs` (null: it did not reproduce). For a
 * pending finding pass `resumableBillRuns: true`.
 */
export async function shrinkCounterexample(
  c: Counterexample,
  options: SequenceOptions & { readonly maxSteps?: number; readonly timeLimitMs?: number } = {},
): Promise<Counterexample | null> {
  const kind = c.finding.kind;
  const result = await fc.check(
    fc.asyncProperty(
      sequenceArb(options.maxSteps),
      async (sequence) => (await runSequence(sequence, options)).violation?.kind !== kind,
    ),
    {
      examples: [[c.sequence]],
      numRuns: 1,
      ...(options.timeLimitMs === undefined ? {} : { interruptAfterTimeLimit: options.timeLimitMs }),
    },
  );
  const [sequence] = result.counterexample ?? [];
  if (!result.failed || sequence === undefined) return null;
  const report = await runSequence(sequence, options);
  return report.violation ? { seed: c.seed, finding: report.violation, sequence, trace: report.trace } : null;
}

/** A shrunk counterexample as text: the finding, the sequence as data, the trace. */
export function formatShrunk(c: Counterexample): string {
  const where = c.finding.step === 0 ? 'at the end' : `at step #${c.finding.step}`;
  return [
    `shrunk (from seed ${c.seed}) to ${c.sequence.accounts.length} account(s), ${c.sequence.steps.length} step(s):`,
    `  ${c.finding.kind} ${where}: ${c.finding.message}`,
    `  sequence: ${JSON.stringify(c.sequence)}`,
    '  trace:',
    ...c.trace.map((line) => `    ${line}`),
  ].join('\n');
}

function formatCounterexample(title: string, c: Counterexample): string {
  const where = c.finding.step === 0 ? 'at the end' : `at step #${c.finding.step}`;
  return [
    `${title} (seed ${c.seed}; replay: npm run simulate -- --sequences 1 --seed ${c.seed}):`,
    `  ${c.finding.kind} ${where}: ${c.finding.message}`,
    '  trace:',
    ...c.trace.map((line) => `    ${line}`),
  ].join('\n');
}

/** The report as printed by `npm run simulate`: the counts line first. */
export function formatCampaign(report: CampaignReport): string {
  const lines = [
    `sequences ${report.sequences}, operations ${report.operations}, faults injected ${report.faultsInjected}, retries ${report.retries}, violations ${report.violations}`,
  ];
  const kinds = (byKind: Readonly<Record<string, number>>) =>
    Object.entries(byKind)
      .map(([k, n]) => `${k}: ${n}`)
      .join('; ');
  if (report.violations > 0) lines.push(`violations by kind: ${kinds(report.violationsByKind)}`);
  if (report.pending > 0)
    lines.push(
      `pending (resumable bill runs, not counted; switch on with --resumable-bill-runs): ${report.pending} sequences — ${kinds(report.pendingByKind)}`,
    );
  if (report.firstCounterexample)
    lines.push(formatCounterexample('first counterexample', report.firstCounterexample));
  else if (report.firstPending)
    lines.push(formatCounterexample('first pending finding', report.firstPending));
  return lines.join('\n');
}
