import { err, ok, type Result } from 'neverthrow';
import type { BillRun } from '../domain/billing/bill-run';
import { chargesBilledByNetting } from '../domain/billing/consolidation';
import { allCharges, ownersOf, type Subscription } from '../domain/contract/subscription';
import { isPlainObject } from '../domain/decode';
import type { InvoiceProposal } from '../domain/documents/additional-lines';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { Invoice } from '../domain/documents/invoice';
import { describeReceived, type InvalidInput, invalidInput, requiredInput } from '../domain/errors';
import { checkIdentifierLength, checkInputSize, isUnstorable, readObject } from '../domain/input';
import { compareKeys } from '../domain/keys';
import type { Order } from '../domain/order/order';
import { orderSubscriptionNumbers } from '../domain/schedule/create';
import {
  type BillRunNotFound,
  billRunNotFound,
  type CreditMemoNotFound,
  creditMemoNotFound,
  type InvoiceNotFound,
  type InvoiceScheduleNotFound,
  invoiceNotFound,
  invoiceScheduleNotFound,
  type ScheduleError,
} from '../domain/schedule/errors';
import { type ChargeState, chargeStates, reviseSchedule } from '../domain/schedule/execute';
import { chargeKey, type InvoiceSchedule } from '../domain/schedule/schedule';
import { DEFAULT_TENANT_SETTINGS, type TenantSettings, tenantSettings } from '../domain/settings';
import { shortened } from '../money/errors';
import type { BillingContext, BillingHooks, InvalidContext, Repositories, SequenceName } from '../ports';

// ---------------------------------------------------------------------------------------------------------
// The context and the input identifiers, checked before an operation reads or writes anything.

const CONTEXT_SHAPE = '{ store, clock, ids, settings }';

/** The parts of a context that are objects with one method the operations call. */
const PARTS = [
  {
    part: 'store',
    method: 'transaction',
    expected: 'a UnitOfWork (your adapter, or createMemoryStore() from invoice-schedules/memory)',
  },
  {
    part: 'clock',
    method: 'now',
    expected: 'a Clock ({ now: () => new Date() } in production, fixedClock(...) in tests)',
  },
  {
    part: 'ids',
    method: 'next',
    expected:
      'an IdGenerator ({ next: () => crypto.randomUUID() }, or createSequentialIds() from invoice-schedules/memory)',
  },
] as const;

/** An `InvalidContext` at `missing`, describing what was `given`. @internal */
export function contextError(
  missing: string,
  expected: string,
  given: unknown,
  message: string,
): InvalidContext {
  return Object.freeze({
    type: 'InvalidContext' as const,
    message,
    missing,
    expected,
    received: describeReceived(given),
  });
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

/** "The context has no `clock`" or "The context's `clock` is "x", not an object". */
function lacks(part: string, value: unknown): string {
  return isAbsent(value)
    ? `The context has no \`${part}\``
    : `The context's \`${part}\` is ${describeReceived(value)}, not an object`;
}

function hasProperties(value: unknown): value is Readonly<Record<string, unknown>> {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/**
 * Checks the whole {@link BillingContext} an operation was given (every operation checks all four
 * parts, whether or not it uses them, so a half-built context fails on its first use): an object
 * whose `store.transaction`, `clock.now` and `ids.next` are functions and whose `settings` have
 * every field of {@link DEFAULT_TENANT_SETTINGS} with a value `tenantSettings` accepts. The error
 * names the first part at fault and how to supply it. Methods are not called. Its `Ok` value is a frozen
 * plain object of the parts as read (each read once; own or inherited, getters included), the settings a
 * frozen copy of their fields: what the operation uses instead of the caller's object. @internal
 */
export function checkContext(context: unknown): Result<BillingContext, InvalidContext> {
  try {
    return checkContextParts(context);
  } catch (error) {
    // A part that is a getter (or a Proxy's trap) which throws: the context cannot be read, which is the
    // context's problem, returned like the others (docs/errors.md), not thrown.
    const reason = readableReason(error);
    return err(
      Object.freeze({
        type: 'InvalidContext' as const,
        message: `The context could not be read (${reason}): pass a plain object ${CONTEXT_SHAPE} whose parts can be read.`,
        missing: 'context',
        expected: `an object ${CONTEXT_SHAPE}`,
        received: 'an object whose parts could not be read',
      }),
    );
  }
}

/** A thrown value's message, at most 200 characters, whatever was thrown (its `toString` may throw too). */
function readableReason(error: unknown): string {
  let text: string;
  try {
    text = error instanceof Error ? String(error.message) : String(error);
  } catch {
    text = 'a value that cannot be shown';
  }
  return shortened(text, 200);
}

function checkContextParts(context: unknown): Result<BillingContext, InvalidContext> {
  if (!hasProperties(context)) {
    return err(
      contextError(
        'context',
        `an object ${CONTEXT_SHAPE}`,
        context,
        `${isAbsent(context) ? 'No context was given' : `The context is ${describeReceived(context)}, not an object`}: pass ${CONTEXT_SHAPE} as the operation's first argument.`,
      ),
    );
  }
  // Each part is read once, and the operation works with what was read: a plain object of the parts, so that a
  // context whose parts are getters (a class instance, an object made with Object.create) or answer otherwise on
  // a second read is what was checked, and a copy of it (`{ ...context, store }`) keeps every part.
  const parts: Record<string, unknown> = {};
  for (const { part, method, expected } of PARTS) {
    const value = context[part];
    parts[part] = value;
    if (!hasProperties(value)) {
      return err(
        contextError(
          part,
          expected,
          value,
          `${lacks(part, value)}: pass ${CONTEXT_SHAPE} — ${part}: ${expected}.`,
        ),
      );
    }
    if (typeof value[method] !== 'function') {
      return err(
        contextError(
          `${part}.${method}`,
          `a function ${method}()`,
          value[method],
          `The context's \`${part}.${method}\` is not a function: \`${part}\` must be ${expected}.`,
        ),
      );
    }
  }
  const settings = context.settings;
  const settingsHint = 'DEFAULT_TENANT_SETTINGS or tenantSettings({...})';
  if (!hasProperties(settings)) {
    return err(
      contextError(
        'settings',
        `TenantSettings: ${settingsHint}`,
        settings,
        `${lacks('settings', settings)}: pass ${CONTEXT_SHAPE} — settings: ${settingsHint}.`,
      ),
    );
  }
  // The operations read the fields directly, so every one must be there (tenantSettings would fill in
  // defaults, but only for the copy it returns); unknown extra fields are ignored.
  const fields: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(DEFAULT_TENANT_SETTINGS)) {
    if (isAbsent(settings[key])) {
      return err(
        contextError(
          `settings.${key}`,
          `a value for ${key} (the default is ${JSON.stringify(fallback)})`,
          settings[key],
          `The context's \`settings.${key}\` is missing: build the settings with tenantSettings({...}), which fills in the defaults, or spread DEFAULT_TENANT_SETTINGS.`,
        ),
      );
    }
    fields[key] = settings[key];
  }
  const valid = tenantSettings(fields);
  if (valid.isErr()) {
    const { path, expected, received } = valid.error;
    return err(
      Object.freeze({
        type: 'InvalidContext' as const,
        message: `The context's \`settings.${path}\` is invalid: expected ${expected}, received ${received}. Build the settings with tenantSettings({...}), which reports this when the tenant is configured.`,
        missing: `settings.${path}`,
        expected,
        received,
      }),
    );
  }
  for (const [part, limit] of [
    ['actor', ACTOR_LIMIT],
    ['reason', REASON_LIMIT],
  ] as const) {
    const value = context[part];
    if (isAbsent(value)) continue;
    parts[part] = value;
    if (typeof value !== 'string' || value.trim() === '' || value.length > limit || isUnstorable(value)) {
      const expected = `a non-blank string of at most ${limit} characters, without U+0000 or an unpaired UTF-16 surrogate, or null`;
      return err(
        contextError(
          part,
          expected,
          value,
          `The context's \`${part}\` is ${describeReceived(value)}: pass ${expected} (it is recorded on the events of what the call saves).`,
        ),
      );
    }
  }
  const hooks = context.hooks;
  const checkedHooks = checkHooks(hooks);
  if (checkedHooks.isErr()) return err(checkedHooks.error);
  if (checkedHooks.value !== undefined) parts.hooks = checkedHooks.value;
  // The settings as checked: a frozen plain copy of the fields read above.
  parts.settings = valid.value;
  return ok(Object.freeze(parts) as unknown as BillingContext);
}

/**
 * The context's optional `hooks`: absent, or an object whose hooks, when given, are functions. Returns the hooks as
 * checked: each hook read once, and called later as the function read, on the host's `hooks` object (a method of a
 * host's class keeps its `this`). A getter read again could answer another function than the one checked (review
 * 210: a fee line lost without an error; a bill run read it once per account).
 */
function checkHooks(hooks: unknown): Result<BillingHooks | undefined, InvalidContext> {
  if (isAbsent(hooks)) return ok(undefined);
  const expected = 'BillingHooks: an object such as { additionalInvoiceLines: (invoice) => [...] }';
  if (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks)) {
    return err(
      contextError(
        'hooks',
        expected,
        hooks,
        `The context's \`hooks\` is ${describeReceived(hooks)}, not an object: pass ${expected}, or leave it out.`,
      ),
    );
  }
  const hook: unknown = (hooks as Readonly<Record<string, unknown>>).additionalInvoiceLines;
  if (hook === undefined) return ok(EMPTY_HOOKS);
  if (typeof hook !== 'function') {
    return err(
      contextError(
        'hooks.additionalInvoiceLines',
        'a function (invoice) => lines, or nothing',
        hook,
        "The context's `hooks.additionalInvoiceLines` is not a function: pass (invoice) => [{ name, amount }] (or a promise of the lines), or leave it out.",
      ),
    );
  }
  return ok(
    Object.freeze({
      additionalInvoiceLines: (invoice: InvoiceProposal) => Reflect.apply(hook, hooks, [invoice]),
    }) as BillingHooks,
  );
}

const EMPTY_HOOKS: BillingHooks = Object.freeze({});

/** The longest `actor` and `reason` a context may carry (they are copied onto every event). */
const ACTOR_LIMIT = 200;
const REASON_LIMIT = 1000;

/**
 * The optional fields of each operation's request besides the numbers {@link requireFields} reads: with
 * them, `requireFields` refuses any other field, so a misspelt `idempotencyKey` or `expectedVersion` is an
 * `InvalidInput` instead of a call made without it. @internal
 */
export const OPTIONAL_FIELDS = Object.freeze({
  none: Object.freeze([]),
  executeInvoiceSchedule: Object.freeze(['itemId', 'idempotencyKey']),
  previewExecution: Object.freeze(['itemId']),
  generateBillingDocuments: Object.freeze(['targetDate', 'idempotencyKey']),
  expectedVersion: Object.freeze(['expectedVersion']),
  workOnBillRun: Object.freeze(['leaseSeconds', 'batchSize']),
  chargeSelection: Object.freeze(['specificSubscriptions']),
  billRun: Object.freeze([
    'targetDate',
    'accountNumbers',
    'invoiceScheduleNumbers',
    'includePausedSchedules',
    'idempotencyKey',
  ]),
} satisfies Record<string, readonly string[]>);

/**
 * Refuses a field of `input` (an object) that is neither one of `names` nor one of `optional`: the parsers'
 * check of a request's fields (`readObject`), `InvalidInput` at the field naming the fields allowed, on the
 * input's own enumerable fields (a class instance's too, which these requests have always taken). `path` is
 * where `input` is (`'options'` for an operation's options: the error is then at `options.<name>`). @internal
 */
export function refuseUnknownFields(
  input: object,
  names: readonly string[],
  optional: readonly string[],
  path = '',
): Result<void, InvalidInput> {
  return readObject(isPlainObject(input) ? input : { ...input }, path, [...names, ...optional])
    .map(() => undefined)
    .mapErr((e) => e as InvalidInput);
}

/**
 * Checks an operation's input against `INPUT_LIMITS` (sizes only), then reads the identifier fields it
 * must carry, as non-blank strings of at most 255 characters, naming the first one missing ("The order
 * needs a `number`: ..."). `fields` maps each name to what it accepts. The other fields are left to the
 * core's parsers; with `optional` (the request's other fields, {@link OPTIONAL_FIELDS}), any field not among
 * them and `fields` is refused. @internal
 */
export function requireFields<K extends string>(
  subject: string,
  input: unknown,
  fields: Readonly<Record<K, string>>,
  optional?: readonly string[],
): Result<Readonly<Record<K, string>>, InvalidInput> {
  const sized = checkInputSize(input);
  if (sized.isErr()) return err(sized.error);
  const names = Object.keys(fields) as K[];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    const expected = `an object with ${names.map((n) => `\`${n}\``).join(', ')}`;
    const error = invalidInput('', expected, input);
    return err(
      Object.freeze({ ...error, message: `${subject}: expected ${expected}, received ${error.received}.` }),
    );
  }
  const out: Partial<Record<K, string>> = {};
  for (const name of names) {
    const read = requireNumber(subject, name, fields[name], (input as Record<string, unknown>)[name]);
    if (read.isErr()) return err(read.error);
    out[name] = read.value;
  }
  if (optional !== undefined) {
    const known = refuseUnknownFields(input, names, optional);
    if (known.isErr()) return err(known.error);
  }
  return ok(out as Record<K, string>);
}

/**
 * Reads one identifier (an order, invoice, schedule … number) as a non-blank string of at most 255
 * characters (`INPUT_LIMITS.identifierLength`). @internal
 */
export function requireNumber(
  subject: string,
  path: string,
  expected: string,
  value: unknown,
): Result<string, InvalidInput> {
  return typeof value === 'string' && value.trim() !== ''
    ? checkIdentifierLength(value, path)
    : err(requiredInput(subject, path, expected, value));
}

/** What each identifier accepts, for the messages of {@link requireFields} and {@link requireNumber}. @internal */
export const EXPECTED_NUMBER = {
  accountNumber: 'the number of a saved account, a non-blank string such as "A-001"',
  orderNumber: 'the number of a saved order, a non-blank string such as "O-0001"',
  invoiceScheduleNumber: 'an invoice schedule number such as "IS-00000001", or the schedule\'s id',
  invoiceNumber: 'an invoice number such as "INV00000001", or the invoice\'s id',
  creditMemoNumber: 'a credit memo number such as "CM00000001", or the memo\'s id',
  billRunNumber: 'a bill run number such as "BR-00000001", or the bill run\'s id',
} as const;

// ---------------------------------------------------------------------------------------------------------

const PREFIX: Record<SequenceName, string> = {
  InvoiceSchedule: 'IS-',
  Invoice: 'INV',
  CreditMemo: 'CM',
  BillRun: 'BR-',
};

/**
 * Formats a document number as the reference shows it: `IS-00000001`, `INV00000001`,
 * `CM00000001`, `BR-00000001`.
 * @since 0.1.0
 */
export function documentNumber(sequence: SequenceName, n: number): string {
  return `${PREFIX[sequence]}${String(n).padStart(8, '0')}`;
}

/** Next document number of a sequence, inside the transaction. @internal */
export async function nextNumber(repos: Repositories, sequence: SequenceName): Promise<string> {
  return documentNumber(sequence, await repos.sequences.next(sequence));
}

/** A repository that reads by number and by id. */
interface ReadableByKey<T> {
  get(number: string): Promise<T | null>;
  getById(id: string): Promise<T | null>;
}

/**
 * Finds an entity by its key, the number or the id (reference §2.1, "scheduleKey"): every lookup and every
 * operation that names a schedule, invoice, credit memo or bill run resolves the name here, so they
 * all agree. The number is tried first (the common case, one read); a key that is one entity's number
 * and another's id names the first. An id of another aggregate finds nothing: each repository
 * looks up its own ids. @internal
 */
export async function findByKey<T>(repository: ReadableByKey<T>, key: string): Promise<T | null> {
  return (await repository.get(key)) ?? (await repository.getById(key));
}

/** Loads a schedule by number or id, or fails with InvoiceScheduleNotFound. @internal */
export async function loadSchedule(
  repos: Repositories,
  key: string,
  includeDeleted = false,
): Promise<Result<InvoiceSchedule, InvoiceScheduleNotFound>> {
  const schedule = await findByKey(repos.invoiceSchedules, key);
  // A deleted schedule's record is kept (issue 13), but for the operations it is gone.
  if (!schedule || (schedule.deleted === true && !includeDeleted)) return err(invoiceScheduleNotFound(key));
  return ok(schedule);
}

/**
 * Takes the billing claims of these accounts (`AccountRepository.claim`), in number order so that two
 * operations claiming the same accounts cannot deadlock. Call it before reading what the operation
 * decides on: a concurrent claimant waits, and reads what this transaction committed. @internal
 */
export async function claimAccounts(repos: Repositories, accountNumbers: Iterable<string>): Promise<void> {
  for (const n of [...new Set(accountNumbers)].sort(compareKeys)) {
    await repos.accounts.claim(n);
  }
}

/**
 * Loads a schedule for a change: finds it, claims its account, and reads it again — the first read may
 * predate a transaction that held the claim and changed it. An owner transfer that committed meanwhile
 * moved the schedule to another account (decision 17): that one is claimed too, and the schedule read
 * again, until the account it is on is claimed. @internal
 */
export async function loadClaimedSchedule(
  repos: Repositories,
  key: string,
): Promise<Result<InvoiceSchedule, InvoiceScheduleNotFound>> {
  let found = await loadSchedule(repos, key);
  const claimed = new Set<string>();
  while (found.isOk() && !claimed.has(found.value.accountNumber)) {
    await claimAccounts(repos, [found.value.accountNumber]);
    claimed.add(found.value.accountNumber);
    found = await loadSchedule(repos, found.value.number);
  }
  return found;
}

/** Loads an invoice by number or id, or fails with InvoiceNotFound. @internal */
export async function loadInvoice(
  repos: Repositories,
  key: string,
): Promise<Result<Invoice, InvoiceNotFound>> {
  const invoice = await findByKey(repos.invoices, key);
  if (!invoice) return err(invoiceNotFound(key));
  return ok(invoice);
}

/** Loads a credit memo by number or id, or fails with CreditMemoNotFound. @internal */
export async function loadCreditMemo(
  repos: Repositories,
  key: string,
): Promise<Result<CreditMemo, CreditMemoNotFound>> {
  const memo = await findByKey(repos.creditMemos, key);
  if (!memo) return err(creditMemoNotFound(key));
  return ok(memo);
}

/** Loads a bill run by number or id, or fails with BillRunNotFound. @internal */
export async function loadBillRunByKey(
  repos: Repositories,
  key: string,
): Promise<Result<BillRun, BillRunNotFound>> {
  const billRun = await findByKey(repos.billRuns, key);
  if (!billRun) return err(billRunNotFound(key));
  return ok(billRun);
}

/** Loads the subscriptions a schedule covers, by number. @internal */
export async function loadCoveredSubscriptions(
  repos: Repositories,
  schedule: InvoiceSchedule,
): Promise<ReadonlyMap<string, Subscription>> {
  const out = new Map<string, Subscription>();
  for (const c of schedule.charges) {
    if (out.has(c.subscriptionNumber)) continue;
    const sub = await repos.subscriptions.get(c.subscriptionNumber);
    if (sub) out.set(sub.number, sub);
  }
  return out;
}

/**
 * The state of each charge the schedule covers (`chargeStates`, with the tenant's rounding and charge grouping),
 * reading the covered subscriptions (`loadCoveredSubscriptions`) unless the caller has them. @internal
 */
export async function loadChargeStates(
  repos: Repositories,
  settings: Pick<TenantSettings, 'rounding' | 'chargeGrouping'>,
  schedule: InvoiceSchedule,
  /** The covered subscriptions when the caller read them already (the schedule's charges unchanged). */
  subscriptions?: ReadonlyMap<string, Subscription>,
): Promise<Result<readonly ChargeState[], ScheduleError>> {
  return chargeStates(
    schedule,
    subscriptions ?? (await loadCoveredSubscriptions(repos, schedule)),
    settings.rounding,
    settings.chargeGrouping,
  );
}

/**
 * Brings a schedule up to date with its covered charges (`reviseSchedule`: actual amounts, and `nextRunDate` on
 * a credit due earlier), reading the subscriptions unless the transaction has them. @internal
 */
export async function reviseWithCharges(
  context: BillingContext,
  repos: Repositories,
  schedule: InvoiceSchedule,
  /** The covered subscriptions when the transaction read them already (the schedule's charges unchanged). */
  subscriptions?: ReadonlyMap<string, Subscription>,
): Promise<Result<InvoiceSchedule, ScheduleError>> {
  return (await loadChargeStates(repos, context.settings, schedule, subscriptions)).map((states) =>
    reviseSchedule(schedule, states),
  );
}

/**
 * The number of the schedule other than `ownSchedule` that holds the charge attached (a charge is in one schedule
 * at a time, §2.3), or `null`. @internal
 */
export async function scheduleHolding(
  repos: Repositories,
  subscriptionNumber: string,
  chargeNumber: string,
  ownSchedule: string | null,
): Promise<string | null> {
  const holders = await repos.invoiceSchedules.listByCharge(subscriptionNumber, chargeNumber);
  const other = holders.find(
    (s) =>
      s.number !== ownSchedule &&
      s.charges.some(
        (c) => c.subscriptionNumber === subscriptionNumber && c.chargeNumber === chargeNumber && !c.detached,
      ),
  );
  return other?.number ?? null;
}

/**
 * Loads what deciding a schedule's covered charges needs (§4.2 rules 1–2): the listed orders,
 * the subscriptions they and the specific subscriptions name, and which of those charges another
 * schedule already covers or an invoice already billed. `ownSchedule` is left out of the first
 * check (an update of that schedule). @internal
 */
export async function loadCoverage(
  repos: Repositories,
  orderNumbers: readonly string[],
  specific: readonly { readonly subscriptionNumber: string }[],
  ownSchedule: string | null,
): Promise<{
  orders: Map<string, Order>;
  subscriptions: Map<string, Subscription>;
  scheduledCharges: Map<string, string>;
  billedCharges: Map<string, string>;
}> {
  const orders = new Map<string, Order>();
  const wanted = new Set(specific.map((s) => s.subscriptionNumber));
  for (const n of orderNumbers) {
    const order = await repos.orders.get(n);
    if (!order) continue;
    orders.set(n, order);
    for (const s of orderSubscriptionNumbers(order)) wanted.add(s);
  }
  const subscriptions = new Map<string, Subscription>();
  for (const n of wanted) {
    const sub = await repos.subscriptions.get(n);
    if (sub) subscriptions.set(n, sub);
  }
  const scheduledCharges = new Map<string, string>();
  const billedCharges = new Map<string, string>();
  // A charge billed as a line netted into a credit memo (a net negative consolidation, decision 11) has no
  // invoice: the memo bills it. Memos go to the account owning the subscription when issued (decision 17).
  const memosOf = new Map<string, readonly CreditMemo[]>();
  const memos = async (account: string) => {
    let found = memosOf.get(account);
    if (found === undefined) {
      found = await repos.creditMemos.listByAccount(account);
      memosOf.set(account, found);
    }
    return found;
  };
  for (const sub of subscriptions.values()) {
    for (const { charge } of allCharges(sub)) {
      const key = chargeKey(sub.number, charge.number);
      const other = await scheduleHolding(repos, sub.number, charge.number, ownSchedule);
      if (other !== null) scheduledCharges.set(key, other);
      const invoices = await repos.invoices.listByCharge(sub.number, charge.number);
      const billing = invoices.find((i) => i.status === 'Draft' || i.status === 'Posted');
      if (billing) billedCharges.set(key, billing.number);
    }
  }
  for (const sub of subscriptions.values()) {
    for (const account of ownersOf(sub)) {
      for (const [key, memo] of chargesBilledByNetting(await memos(account), sub.number))
        if (!billedCharges.has(key)) billedCharges.set(key, memo);
    }
  }
  return { orders, subscriptions, scheduledCharges, billedCharges };
}

/** An optional boolean of a request: absent is `false`; anything but a boolean is an `InvalidInput`. @internal */
export function readFlag(value: unknown, path: string, expected: string): Result<boolean, InvalidInput> {
  if (value === undefined) return ok(false);
  return typeof value === 'boolean' ? ok(value) : err(invalidInput(path, expected, value));
}

/** A whole number from `min` to `max` (an `InvalidInput` at `path` otherwise); `fallback` when missing. @internal */
export function wholeNumber(
  value: unknown,
  path: string,
  min: number,
  max: number,
  fallback: number,
): Result<number, InvalidInput> {
  if (value === undefined) return ok(fallback);
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max
    ? ok(value)
    : err(invalidInput(path, `a whole number from ${min} to ${max}`, value));
}
