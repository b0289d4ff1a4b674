import { err, ok, type Result, ResultAsync } from 'neverthrow';
import {
  type AccountRunData,
  type AccountRunDecision,
  type AccountRunRequest,
  assignNumbers,
  decideAccountRun,
} from '../domain/billing/account-run';
import type { ExecutionClaim } from '../domain/billing/account-run-model';
import { billedByStandard, type DetachedChargeTotal, hasStandardCharges } from '../domain/billing/standard';
import type { Subscription } from '../domain/contract/subscription';
import type { AdditionalLinesError } from '../domain/documents/additional-lines';
import type { CreditMemo, CreditMemoLine } from '../domain/documents/credit-memo';
import type { Invoice, InvoiceLine } from '../domain/documents/invoice';
import { EMPTY_LIST } from '../domain/freeze';
import type { ScheduleError } from '../domain/schedule/errors';
import { chargeKey, type InvoiceSchedule, type ScheduleCharge } from '../domain/schedule/schedule';
import type { TenantSettings } from '../domain/settings';
import { getCurrency } from '../money/currency';
import type { BillingContext, Repositories, VersionConflict } from '../ports';
import { addAdditionalLines } from './additional-lines';
import type { PlannedAccountRequest } from './bill-account';
import { documentNumber, loadSchedule, nextNumber } from './common';

// One account's billing in one transaction: load everything the run may read, ask the core once
// (decideAccountRun), then claim its executions, draw the document numbers and save what it decided.
// Nothing calls back into the core while saving.

/**
 * What a batch of accounts read together before deciding them (`billAccountBatchInTransaction`): an account's
 * load takes its rows from here instead of asking the repositories again. Each answer is `undefined` for a
 * key the batch did not read (another account, a schedule not due), which the load then reads as usual.
 * Passed as a value, not as repositories overlaid per transaction: objects made per transaction with a
 * transaction's repositories as their prototype gave V8 new shapes at every call site they reached. @internal
 */
export interface BatchReads {
  /** The schedules of an account of the batch (none: an empty list). */
  readonly schedulesOf: (accountNumber: string) => readonly InvoiceSchedule[] | undefined;
  /** The subscriptions of an account of the batch. */
  readonly subscriptionsOf: (accountNumber: string) => readonly Subscription[] | undefined;
  /** The invoices and credit memos with a line of a due schedule of the batch (read at the first ask). */
  readonly documentsOf: (scheduleNumber: string) => Promise<ScheduleDocuments> | undefined;
}

/** The documents with a line of one schedule. @internal */
export interface ScheduleDocuments {
  readonly invoices: readonly Invoice[];
  readonly creditMemos: readonly CreditMemo[];
}

/**
 * Loads what an account's run may read: the schedules its steps name, the subscriptions they cover and
 * bill with them (§7.7) and every document of those schedules; with standard billing, or when a schedule
 * bills additional subscriptions, also the account's subscriptions, every document of the account and of
 * the accounts that owned its subscriptions before (decision 17), and the charges their schedules cover —
 * with the detachments those schedules record, and (one `invoiceSchedules.get` each) those of another
 * account's schedule that a Draft or Posted line names on a charge standard billing bills: a schedule that
 * followed its subscriptions to a new owner and left a detached charge behind (§8.8, decision 2; rare, so
 * usually no such read). An execution by hand of a schedule without additional subscriptions reads only its own history. Without
 * `scheduleDocuments`, the schedules' documents are left out when nothing else is read of the account's
 * documents either (`scheduleDocumentsOmitted`): only a run that credits needs them. A plain async function,
 * not a safeTry generator: it runs once per account of a bill run, and a generator's resumptions cost more
 * than the checks they spare.
 */
async function loadAccountRun(
  repos: Repositories,
  accountNumber: string,
  scheduleNumbers: readonly string[],
  standard: boolean,
  accountSchedules: readonly InvoiceSchedule[] | undefined,
  scheduleDocuments: boolean,
  reads: BatchReads | undefined,
): Promise<Result<AccountRunData, ScheduleError>> {
  // The account's schedules, when the caller read them in this transaction (see `plannedAccountRun`): a few,
  // so looked up in the list (the last of a number, as a map by number would keep).
  const schedules = new Map<string, InvoiceSchedule>();
  for (let k = 0; k < scheduleNumbers.length; k++) {
    const n = scheduleNumbers[k] as string;
    if (schedules.has(n)) continue;
    let loaded = accountSchedules === undefined ? undefined : lastNumbered(accountSchedules, n);
    if (loaded === undefined) {
      const found = await loadSchedule(repos, n);
      if (found.isErr()) return err(found.error);
      loaded = found.value;
    }
    schedules.set(loaded.number, loaded);
  }
  // The schedules in the order loaded: an array walks without the iterator objects a map's values make.
  const loadedSchedules = [...schedules.values()];
  let additional = false;
  for (let k = 0; k < loadedSchedules.length; k++)
    if ((loadedSchedules[k] as InvoiceSchedule).additionalSubscriptionsToBill.length > 0) additional = true;
  const history = standard || additional;
  const accountSubscriptions = history
    ? (reads?.subscriptionsOf(accountNumber) ?? (await repos.subscriptions.listByAccount(accountNumber)))
    : [];
  const subscriptions = new Map<string, Subscription>();
  for (let k = 0; k < accountSubscriptions.length; k++) {
    const sub = accountSubscriptions[k] as Subscription;
    subscriptions.set(sub.number, sub);
  }
  const loadSubscription = async (n: string) => {
    const sub = await repos.subscriptions.get(n);
    if (sub) subscriptions.set(n, sub);
  };
  for (let k = 0; k < loadedSchedules.length; k++) {
    const schedule = loadedSchedules[k] as InvoiceSchedule;
    for (let c = 0; c < schedule.charges.length; c++) {
      const n = (schedule.charges[c] as ScheduleCharge).subscriptionNumber;
      if (!subscriptions.has(n)) await loadSubscription(n);
    }
    for (let a = 0; a < schedule.additionalSubscriptionsToBill.length; a++) {
      const n = schedule.additionalSubscriptionsToBill[a] as string;
      if (!subscriptions.has(n)) await loadSubscription(n);
    }
  }
  // Decision 17: billing history belongs to the charge, so the documents of earlier owners count too.
  const accounts = accountsOfHistory(history, accountNumber, accountSubscriptions);
  const scheduledCharges = new Set<string>();
  const detached: DetachedCharges = { charges: [], seen: new Set() };
  for (let k = 0; k < accounts.length; k++) {
    const n = accounts[k] as string;
    // Charges attached to a schedule of these accounts are the schedule's, not standard billing's (a
    // schedule stays with the old owner when only fully billed subscriptions moved, §8.8).
    const ofAccount =
      n === accountNumber && accountSchedules !== undefined
        ? accountSchedules
        : (reads?.schedulesOf(n) ?? (await repos.invoiceSchedules.listByAccount(n)));
    for (let j = 0; j < ofAccount.length; j++) {
      const schedule = ofAccount[j] as InvoiceSchedule;
      const charges = schedule.charges;
      for (let c = 0; c < charges.length; c++) {
        const sc = charges[c] as ScheduleCharge;
        if (!sc.detached) scheduledCharges.add(chargeKey(sc.subscriptionNumber, sc.chargeNumber));
      }
      addDetached(detached, schedule);
    }
  }
  // The account's documents are standard billing's history (and additional subscriptions'). When every
  // regular charge of the account is attached to a schedule, standard billing has nothing to bill or
  // credit, and the schedules' own documents (below) are all the run reads: skip the account-wide lists.
  const unscheduled = hasStandardCharges(accountSubscriptions, scheduledCharges);
  const omitted = !scheduleDocuments && !additional && !unscheduled;
  if (omitted)
    return ok({
      schedules,
      subscriptions,
      accountSubscriptions,
      invoices: EMPTY_LIST,
      creditMemos: EMPTY_LIST,
      scheduledCharges,
      scheduleDocumentsOmitted: true,
    });
  const invoices = new Map<string, Invoice>();
  const creditMemos = new Map<string, CreditMemo>();
  if (additional || unscheduled) {
    for (const n of accounts) {
      for (const i of await repos.invoices.listByAccount(n)) invoices.set(i.number, i);
      for (const m of await repos.creditMemos.listByAccount(n)) creditMemos.set(m.number, m);
    }
    // A schedule that billed a charge standard billing now bills but belongs to another account (it followed
    // its attached subscriptions there, §8.8, and left that charge behind, detached) records the charge's set
    // total too. Only such a schedule: one read per schedule a Draft or Posted line of such a charge names,
    // none for a deleted schedule's canceled invoice, and none at all in the usual case (no port reads several
    // schedules by number in one call; these are rare, usually one).
    for (const n of movedScheduleNumbers(
      invoices,
      creditMemos,
      detached.seen,
      subscriptions,
      accountNumber,
      scheduledCharges,
    )) {
      const schedule = await repos.invoiceSchedules.get(n);
      if (schedule !== null && schedule.deleted !== true) addDetached(detached, schedule);
    }
  }
  await addScheduleDocuments(repos, reads, loadedSchedules, invoices, creditMemos);
  return ok({
    schedules,
    subscriptions,
    accountSubscriptions,
    invoices: [...invoices.values()],
    creditMemos: [...creditMemos.values()],
    scheduledCharges,
    ...(detached.charges.length === 0 ? {} : { detachedCharges: detached.charges }),
  });
}

/** The charges detached from the schedules read so far, and those schedules' numbers. */
interface DetachedCharges {
  readonly charges: DetachedChargeTotal[];
  readonly seen: Set<string>;
}

/** Adds the detached charges of `schedule` (standard billing bills them to their set totals, decision 2). */
function addDetached(detached: DetachedCharges, schedule: InvoiceSchedule): void {
  if (detached.seen.has(schedule.number)) return;
  detached.seen.add(schedule.number);
  const charges = schedule.charges;
  // Most schedules have no detached charge: nothing to look up for them.
  if (!charges.some((c) => c.detached && c.detachment.total !== null)) return;
  const currency = getCurrency(schedule.currency);
  if (currency.isErr()) return;
  for (let c = 0; c < charges.length; c++) {
    const sc = charges[c] as ScheduleCharge;
    if (!sc.detached || sc.detachment.total === null) continue;
    detached.charges.push({
      key: chargeKey(sc.subscriptionNumber, sc.chargeNumber),
      currency: currency.value,
      detachment: sc.detachment,
      servedThrough: sc.servedThrough,
    });
  }
}

/**
 * The schedules other than `seen` that a line of a Draft or Posted document names on a charge standard billing
 * bills (a regular charge of a subscription the account owns, not attached to a schedule: the keys standard
 * billing looks detachments up by), in first-seen order. Canceled and reversed documents bill nothing, and a
 * schedule named only on other charges has no detachment standard billing reads.
 */
function movedScheduleNumbers(
  invoices: ReadonlyMap<string, Invoice>,
  creditMemos: ReadonlyMap<string, CreditMemo>,
  seen: ReadonlySet<string>,
  subscriptions: ReadonlyMap<string, Subscription>,
  accountNumber: string,
  scheduledCharges: ReadonlySet<string>,
): readonly string[] {
  // Lines naming another schedule first (usually none), so the charges are only looked at when there are some.
  const named: { readonly schedule: string; readonly key: string }[] = [];
  const add = (lines: readonly (InvoiceLine | CreditMemoLine)[]) => {
    for (let k = 0; k < lines.length; k++) {
      const l = lines[k] as InvoiceLine | CreditMemoLine;
      const n = l.invoiceScheduleNumber;
      if (n !== null && !seen.has(n))
        named.push({ schedule: n, key: chargeKey(l.subscriptionNumber, l.chargeNumber) });
    }
  };
  for (const i of invoices.values()) if (i.status === 'Draft' || i.status === 'Posted') add(i.lines);
  for (const m of creditMemos.values()) if (m.status === 'Draft' || m.status === 'Posted') add(m.lines);
  if (named.length === 0) return EMPTY_LIST;
  const standard = standardChargeKeys(subscriptions, accountNumber, scheduledCharges);
  const out = new Set<string>();
  for (const { schedule, key } of named) if (standard.has(key)) out.add(schedule);
  return [...out];
}

/** The keys of the charges standard billing bills: regular charges of the account's subscriptions not attached. */
function standardChargeKeys(
  subscriptions: ReadonlyMap<string, Subscription>,
  accountNumber: string,
  scheduledCharges: ReadonlySet<string>,
): ReadonlySet<string> {
  const out = new Set<string>();
  for (const s of subscriptions.values()) {
    if (s.accountNumber !== accountNumber) continue;
    for (const p of s.ratePlans)
      for (const c of p.charges)
        if (billedByStandard(s.number, c, scheduledCharges)) out.add(chargeKey(s.number, c.number));
  }
  return out;
}

/** The last schedule of `list` numbered `n` (as a map by number built from it would keep), or `undefined`. */
function lastNumbered(list: readonly InvoiceSchedule[], n: string): InvoiceSchedule | undefined {
  for (let k = list.length - 1; k >= 0; k--) if ((list[k] as InvoiceSchedule).number === n) return list[k];
  return undefined;
}

/**
 * The accounts whose documents and schedules are the history of an account's run (decision 17): the account
 * itself when history is read, then the earlier owners of its subscriptions, each once, in first-seen order.
 */
function accountsOfHistory(
  history: boolean,
  accountNumber: string,
  subscriptions: readonly Subscription[],
): readonly string[] {
  let out: string[] | undefined;
  for (let k = 0; k < subscriptions.length; k++) {
    // `?? []` as before: an adapter's record may give null.
    const previous = (subscriptions[k] as Subscription).previousAccountNumbers ?? [];
    if (previous.length === 0) continue;
    out ??= history ? [accountNumber] : [];
    for (const n of previous) if (!out.includes(n)) out.push(n);
  }
  return out ?? (history ? [accountNumber] : EMPTY_LIST);
}

/** Adds the documents of `schedules` (those with a line of one of them) to `invoices` and `creditMemos`. */
async function addScheduleDocuments(
  repos: Repositories,
  reads: BatchReads | undefined,
  schedules: Iterable<InvoiceSchedule>,
  invoices: Map<string, Invoice>,
  creditMemos: Map<string, CreditMemo>,
): Promise<void> {
  for (const schedule of schedules) {
    const read = reads?.documentsOf(schedule.number);
    const documents =
      read === undefined
        ? {
            invoices: await repos.invoices.listBySchedule(schedule.number),
            creditMemos: await repos.creditMemos.listBySchedule(schedule.number),
          }
        : await read;
    for (const i of documents.invoices) invoices.set(i.number, i);
    for (const m of documents.creditMemos) creditMemos.set(m.number, m);
  }
}

/**
 * The data of a run loaded without its schedules' documents (`scheduleDocumentsOmitted`, so no document at
 * all), with them: what `loadAccountRun` with `scheduleDocuments` gives, without reading the rest again.
 */
async function withScheduleDocuments(
  repos: Repositories,
  reads: BatchReads | undefined,
  data: AccountRunData,
): Promise<AccountRunData> {
  const invoices = new Map<string, Invoice>();
  const creditMemos = new Map<string, CreditMemo>();
  await addScheduleDocuments(repos, reads, data.schedules.values(), invoices, creditMemos);
  const { scheduleDocumentsOmitted: _omitted, ...rest } = data;
  return { ...rest, invoices: [...invoices.values()], creditMemos: [...creditMemos.values()] };
}

/**
 * Draws the ids of the new documents of these decisions, claims their executions (decision 14), then draws
 * their numbers (accounts in order, each decision's documents in its order) and returns the decisions with
 * their real ids and numbers: the same numbers whether the decisions are saved one transaction each or
 * together. The claims come before the document numbers so that a transaction that lost one (an item
 * executed concurrently: a `VersionConflict`, and the transaction rolls back) never takes the invoice and
 * credit memo sequences' rows, and one that won does not hold them while it claims: a drawn number's row
 * stays locked until the transaction ends. (An execution by hand draws its bill run's number before this.)
 * Each claim records the id of the invoice its execution produced ('' when none, or when the invoice is a
 * consolidation's, shared with other items). With `sequences.nextBlock` one call per kind reserves the
 * numbers; else one `next` per document. The ids come from the context, in the documents' order. @internal
 */
export async function claimAndNumber(
  context: BillingContext,
  repos: Repositories,
  decisions: readonly AccountRunDecision[],
): Promise<Result<readonly AccountRunDecision[], VersionConflict>> {
  type Kind = 'Invoice' | 'CreditMemo';
  const ids = decisions.map((decided) => {
    const drawn: Record<Kind, string[]> = { Invoice: [], CreditMemo: [] };
    for (const d of decided.documents) drawn[d.kind].push(context.ids.next(d.kind));
    return drawn;
  });
  const claimed = await claimExecutions(repos.idempotency, decisions, ids, context.clock);
  if (claimed.isErr()) return err(claimed.error);
  const numbers: Record<Kind, string[]> = { Invoice: [], CreditMemo: [] };
  const { nextBlock } = repos.sequences;
  if (nextBlock !== undefined) {
    for (const kind of ['Invoice', 'CreditMemo'] as const) {
      let count = 0;
      for (const decided of decisions) for (const d of decided.documents) if (d.kind === kind) count++;
      if (count === 0) continue;
      const first = await nextBlock.call(repos.sequences, kind, count);
      for (let k = 0; k < count; k++) numbers[kind].push(documentNumber(kind, first + k));
    }
  } else {
    for (const decided of decisions)
      for (const d of decided.documents) numbers[d.kind].push(await nextNumber(repos, d.kind));
  }
  const taken: Record<Kind, number> = { Invoice: 0, CreditMemo: 0 };
  return ok(
    decisions.map((decided, i) => {
      const own = ids[i] as Record<Kind, string[]>;
      const drawn: Record<Kind, { id: string; number: string }[]> = { Invoice: [], CreditMemo: [] };
      for (const kind of ['Invoice', 'CreditMemo'] as const)
        for (const id of own[kind]) drawn[kind].push({ id, number: numbers[kind][taken[kind]++] as string });
      return assignNumbers(decided, drawn);
    }),
  );
}

/**
 * Inserts the execution claims of the decisions (decision 14), at once when the port can, each recording the
 * instant it is written (`createdAt`, from the context's clock) and the id of its invoice (`ids`: each decision's drawn ids by kind, in its documents' order; '' when the execution
 * produced none, or when the invoice is a consolidation's, numbered once the consolidation closes). One already
 * taken is a `VersionConflict`.
 */
async function claimExecutions(
  idempotency: Repositories['idempotency'],
  decisions: readonly AccountRunDecision[],
  ids: readonly Readonly<Record<'Invoice' | 'CreditMemo', readonly string[]>>[],
  clock: BillingContext['clock'],
): Promise<Result<void, VersionConflict>> {
  const claims: ExecutionClaim[] = [];
  const records: { key: string; operation: string; result: string; createdAt: string }[] = [];
  // Read once the account's run has claims: when they were written, for pruning by age.
  let createdAt = '';
  decisions.forEach((decided, i) => {
    if (decided.executions.length === 0) return;
    // The provisional invoice numbers in the documents' order: the k-th new invoice has the k-th id.
    const invoiceIds = new Map<string, string>();
    let k = 0;
    for (const d of decided.documents)
      if (d.kind === 'Invoice') invoiceIds.set(d.invoice.number, ids[i]?.Invoice[k++] ?? '');
    if (createdAt === '') createdAt = clock.now().toISOString();
    for (const c of decided.executions) {
      claims.push(c);
      records.push({
        key: c.key,
        operation: 'executeItem',
        result: invoiceIds.get(c.invoiceNumber) ?? '',
        createdAt,
      });
    }
  });
  if (claims.length === 0) return ok(undefined);
  let taken: readonly string[];
  if (idempotency.insertMany !== undefined) taken = await idempotency.insertMany(records);
  else {
    const out: string[] = [];
    for (const r of records) if (!(await idempotency.insert(r))) out.push(r.key);
    taken = out;
  }
  const lost = claims.find((c) => taken.includes(c.key));
  return lost === undefined ? ok(undefined) : err(lostExecution(lost));
}

/** The conflict of an execution claimed concurrently (decision 14): the transaction rolls back. @internal */
export function lostExecution(claim: ExecutionClaim): VersionConflict {
  return {
    type: 'VersionConflict',
    message: `An item of ${claim.invoiceScheduleNumber} was executed concurrently (${claim.key}); reload the schedule.`,
    entity: 'InvoiceSchedule',
    key: claim.invoiceScheduleNumber,
    expectedVersion: claim.loadedVersion,
    actualVersion: null,
  };
}

/**
 * Writes an account's run whose executions are claimed and numbers drawn ({@link claimAndNumber}): saves
 * the documents and the changed schedules. @internal
 */
export function writeAccountRun(
  repos: Repositories,
  decision: AccountRunDecision,
): ResultAsync<AccountRunDecision, VersionConflict> {
  return new ResultAsync(
    (async (): Promise<Result<AccountRunDecision, VersionConflict>> => {
      for (const d of decision.documents) {
        const saved = await (d.kind === 'Invoice'
          ? repos.invoices.save(d.invoice)
          : repos.creditMemos.save(d.memo));
        if (saved.isErr()) return err(saved.error);
      }
      for (const schedule of decision.schedules) {
        const saved = await repos.invoiceSchedules.save(schedule);
        if (saved.isErr()) return err(saved.error);
      }
      return ok(decision);
    })(),
  );
}

/**
 * Saves an account's run: draws the ids of its new documents, claims its executions, draws the numbers in
 * the decision's order (the sequences stay gapless; {@link claimAndNumber}), then writes it
 * ({@link writeAccountRun}). Returns the decision with its real numbers. @internal
 */
export function saveAccountRun(
  context: BillingContext,
  repos: Repositories,
  decided: AccountRunDecision,
): ResultAsync<AccountRunDecision, VersionConflict> {
  return new ResultAsync(claimAndNumber(context, repos, [decided])).andThen(([decision]) =>
    writeAccountRun(repos, decision as AccountRunDecision),
  );
}

/**
 * Loads and decides one account's run inside the caller's transaction, writing nothing: what the run, a
 * preview (`preview` true) and an execution by hand all start with. The context's `additionalInvoiceLines`
 * hook then adds its lines to each decided invoice, before any number is drawn. `reads`: what the
 * account's batch read for it already. @internal
 */
export function decideAccount(
  context: BillingContext,
  repos: Repositories,
  planned: PlannedAccountRequest,
  preview = false,
  reads?: BatchReads,
): ResultAsync<AccountRunDecision, ScheduleError | AdditionalLinesError> {
  // A plain async function (see loadAccountRun): once per account of a bill run.
  return new ResultAsync(deciding(context, repos, planned, preview, reads));
}

async function deciding(
  context: BillingContext,
  repos: Repositories,
  planned: PlannedAccountRequest,
  preview: boolean,
  reads: BatchReads | undefined,
): Promise<Result<AccountRunDecision, ScheduleError | AdditionalLinesError>> {
  const data = await loadAccountRun(
    repos,
    planned.accountNumber,
    planned.steps.map((s) => s.invoiceScheduleNumber),
    planned.standard,
    planned.accountSchedules,
    false,
    reads,
  );
  if (data.isErr()) return err(data.error);
  const withSettings = requestWithSettings(planned, context.settings);
  // First without the schedules' documents (most runs only bill); a run that credits is decided again
  // with them.
  let decided = decideAccountRun(withSettings, data.value);
  if (decided.isOk() && 'documentsNeeded' in decided.value)
    decided = decideAccountRun(withSettings, await withScheduleDocuments(repos, reads, data.value));
  if (decided.isErr()) return err(decided.error);
  const decision = decided.value;
  if ('documentsNeeded' in decision) throw new Error('decideAccount: documents needed though loaded');
  return addAdditionalLines(context, decision, preview);
}

/**
 * The request with the tenant's settings, its fields listed (not spread: a spread or rest copy of a request
 * takes V8's slow path once the bill run has seen a few shapes of it, ~1 % of a bill run).
 */
function requestWithSettings(
  planned: Omit<AccountRunRequest, 'settings'>,
  settings: TenantSettings,
): AccountRunRequest {
  // Every field named (`satisfies`: an optional field added to the request later must be listed here too).
  return {
    accountNumber: planned.accountNumber,
    targetDate: planned.targetDate,
    billRunNumber: planned.billRunNumber,
    settings,
    steps: planned.steps,
    includePausedSchedules: planned.includePausedSchedules,
    standard: planned.standard,
    consolidate: planned.consolidate,
    recheckDue: planned.recheckDue,
    catchUp: planned.catchUp,
  } satisfies { readonly [K in keyof Required<AccountRunRequest>]: unknown };
}

/** Loads, decides and saves one account's run inside the caller's transaction. @internal */
export function runAccount(
  context: BillingContext,
  repos: Repositories,
  request: PlannedAccountRequest,
): ResultAsync<AccountRunDecision, ScheduleError | AdditionalLinesError | VersionConflict> {
  return decideAccount(context, repos, request).andThen((decided) => saveAccountRun(context, repos, decided));
}
