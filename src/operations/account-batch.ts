import { err, ok, type Result } from 'neverthrow';
import type { AccountRunDecision } from '../domain/billing/account-run-model';
import {
  type AccountsBillRun,
  type BillRunAccount,
  type BillRunFailure,
  billRunFailure,
} from '../domain/billing/bill-run';
import type { Subscription } from '../domain/contract/subscription';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { Invoice } from '../domain/documents/invoice';
import { compareKeys } from '../domain/keys';
import type { BillRunNotFound, BillRunNotRunning } from '../domain/schedule/errors';
import type { BillingContext, Repositories, StoreConflict, VersionConflict } from '../ports';
import { type BatchReads, claimAndNumber, decideAccount, type ScheduleDocuments } from './account-run';
import {
  billAccountOfRun,
  type PlannedAccountRequest,
  plannedAccountRun,
  refreshCompletedRun,
  runningRun,
} from './bill-account';
import { claimAccounts, loadBillRunByKey } from './common';

// A batch of a bill run's accounts in one transaction (issues 11 and 12): claim them all, read what they need
// with one call per kind of row (the ports' optional batch reads), decide each account, claim every execution,
// draw every document number at once at the end (the sequences' row lock is held only for the writes and the
// commit), then write each account's documents, schedules and part. The accounts of a batch read only their
// own rows, so deciding them all before writing any gives what billing them one after the other would; an
// account that reads another's rows (a subscription that changed owner, decision 17) ends the batch and is
// billed on its own.

/** What one batch settled. @internal */
export interface AccountBatch {
  /** The parts of the accounts it settled, in account order (version 0: nothing to bill, nothing saved). */
  readonly parts: readonly BillRunAccount[];
  /** The accounts it left, in order: from the first account that reads another account's rows on. */
  readonly rest: readonly string[];
}

/** `batch(keys)` when the port has it, else `single(key)` for each key (in order), concatenated. */
async function readMany<T>(
  keys: readonly string[],
  batch: ((keys: readonly string[]) => Promise<readonly T[]>) | undefined,
  single: (key: string) => Promise<readonly T[]>,
): Promise<readonly T[]> {
  if (keys.length === 0) return [];
  if (batch !== undefined) return batch(keys);
  const out: T[] = [];
  for (const key of keys) out.push(...(await single(key)));
  return out;
}

/**
 * Whether billing the account reads rows other accounts of the batch may write: the documents and schedules
 * of the accounts that owned its subscriptions before (decision 17).
 */
function readsOtherAccounts(accountNumber: string, subscriptions: readonly Subscription[]): boolean {
  return subscriptions.some((s) => (s.previousAccountNumbers ?? []).some((n) => n !== accountNumber));
}

/**
 * Bills these accounts of a `Running` run (ascending, each once, passing the run's filters) in the caller's
 * transaction, as far as the first account that reads another account's rows.
 * A `VersionConflict` means the transaction must roll back (a concurrent writer): bill the accounts one at a
 * time instead. @internal
 */
export async function billAccountBatchInTransaction(
  context: BillingContext,
  repos: Repositories,
  billRunNumber: string,
  accountNumbers: readonly string[],
): Promise<Result<AccountBatch, BillRunNotRunning | BillRunNotFound | VersionConflict>> {
  const loaded = await loadBillRunByKey(repos, billRunNumber);
  if (loaded.isErr()) return err(loaded.error);
  const running = runningRun(loaded.value);
  if (running.isErr()) return err(running.error);
  const run: AccountsBillRun = running.value;
  const { accounts, subscriptions, invoiceSchedules, invoices, creditMemos, billRuns } = repos;
  if (accounts.claimMany !== undefined) await accounts.claimMany([...accountNumbers]);
  else await claimAccounts(repos, accountNumbers);
  const parts = new Map(
    (
      await readMany(
        accountNumbers,
        billRuns.getAccounts === undefined ? undefined : (keys) => billRuns.getAccounts!(run.number, keys),
        async (a) => {
          const part = await billRuns.getAccount(run.number, a);
          return part === null ? [] : [part];
        },
      )
    ).map((p) => [p.accountNumber, p]),
  );
  const todo = accountNumbers.filter((a) => parts.get(a)?.status !== 'Billed');
  const visiting = new Set(todo);
  const schedulesOf = groupByAccount(
    await readMany(todo, invoiceSchedules.listByAccounts?.bind(invoiceSchedules), (a) =>
      invoiceSchedules.listByAccount(a),
    ),
  );
  const subscriptionsOf = groupByAccount(
    await readMany(todo, subscriptions.listByAccounts?.bind(subscriptions), (a) =>
      subscriptions.listByAccount(a),
    ),
  );
  // The batch ends before the first account reading other accounts' rows.
  const cut = todo.findIndex((a) => readsOtherAccounts(a, subscriptionsOf.get(a) ?? []));
  const batch = cut < 0 ? todo : todo.slice(0, cut);
  const rest = cut < 0 ? [] : accountNumbers.slice(accountNumbers.indexOf(todo[cut] as string));
  const settled = new Set(accountNumbers.slice(0, accountNumbers.length - rest.length));

  const planned = new Map<string, PlannedAccountRequest>();
  const failures = new Map<string, BillRunFailure>();
  // What the batch read, for each account's own reads (see BatchReads); the due schedules' documents are read
  // for the whole batch the first time an account asks for them (a run that credits, or an account with
  // standard billing): most batches only bill, and never read them.
  let dueSet: ReadonlySet<string> = new Set();
  let documents: Promise<Map<string, ScheduleDocuments>> | undefined;
  const documentsOfDue = async (): Promise<Map<string, ScheduleDocuments>> => {
    const due = [...dueSet];
    const invoicesOf = groupAllBy(
      await readMany(due, invoices.listBySchedules?.bind(invoices), (n) => invoices.listBySchedule(n)),
      schedulesOfLines,
    );
    const memosOf = groupAllBy(
      await readMany(due, creditMemos.listBySchedules?.bind(creditMemos), (n) =>
        creditMemos.listBySchedule(n),
      ),
      schedulesOfLines,
    );
    return new Map(
      due.map((n) => [n, { invoices: invoicesOf.get(n) ?? [], creditMemos: memosOf.get(n) ?? [] }]),
    );
  };
  const reads: BatchReads = {
    schedulesOf: (a) => (visiting.has(a) ? (schedulesOf.get(a) ?? []) : undefined),
    subscriptionsOf: (a) => (visiting.has(a) ? (subscriptionsOf.get(a) ?? []) : undefined),
    documentsOf: (n) => {
      if (!dueSet.has(n)) return undefined;
      documents ??= documentsOfDue();
      return documents.then((of) => of.get(n) as ScheduleDocuments);
    },
  };
  for (const a of batch) {
    const request = await plannedAccountRun(repos, run, a, reads);
    if (request.isErr()) failures.set(a, billRunFailure(a, request.error.type, request.error.message));
    else planned.set(a, request.value);
  }
  dueSet = new Set([...planned.values()].flatMap((p) => p.steps.map((s) => s.invoiceScheduleNumber)));
  const decisions: [string, AccountRunDecision][] = [];
  for (const [a, request] of planned) {
    const decided = await decideAccount(context, repos, request, false, reads);
    if (decided.isErr()) failures.set(a, billRunFailure(a, decided.error.type, decided.error.message));
    else decisions.push([a, decided.value]);
  }

  // Every claim of the batch, then every number at once (claimAndNumber), then each account's writes, in
  // account order.
  const numbered = await claimAndNumber(
    context,
    repos,
    decisions.map(([, d]) => d),
  );
  if (numbered.isErr()) return err(numbered.error);
  const decisionOf = new Map(decisions.map(([a], i) => [a, numbered.value[i] as AccountRunDecision]));
  const out: BillRunAccount[] = [];
  const written: AccountRunDecision[] = [];
  const saves: BillRunAccount[] = [];
  for (const a of accountNumbers) {
    if (!settled.has(a)) break;
    const part = parts.get(a) ?? null;
    if (part?.status === 'Billed') {
      out.push(part);
      continue;
    }
    const decision = decisionOf.get(a);
    if (decision !== undefined) written.push(decision);
    const failure = failures.get(a) ?? null;
    const next: BillRunAccount = Object.freeze({
      billRunNumber: run.number,
      accountNumber: a,
      status: failure === null ? ('Billed' as const) : ('Failed' as const),
      itemsProcessed: decision?.itemsProcessed ?? 0,
      invoiceNumbers: decision?.invoiceNumbers ?? Object.freeze([]),
      creditMemoNumbers: decision?.creditMemoNumbers ?? Object.freeze([]),
      failure,
      version: (part?.version ?? 0) + 1,
    });
    // As on its own: an account with nothing to bill and no part leaves none.
    const nothing =
      failure === null &&
      next.itemsProcessed === 0 &&
      next.invoiceNumbers.length === 0 &&
      next.creditMemoNumbers.length === 0;
    if (nothing && part === null) {
      out.push(Object.freeze({ ...next, version: 0 }));
      continue;
    }
    saves.push(next);
    out.push(next);
  }
  const saved = await writeAccountRuns(repos, written, saves);
  if (saved.isErr()) return err(saved.error);
  return ok(Object.freeze({ parts: Object.freeze(out), rest: Object.freeze(rest) }));
}

/** `saveMany` when the port has it, else `save` for each entity; the first conflict stops. */
async function saveAll<T>(
  entities: readonly T[],
  many: ((entities: readonly T[]) => Promise<Result<void, VersionConflict>>) | undefined,
  one: (entity: T) => Promise<Result<void, VersionConflict>>,
): Promise<Result<void, VersionConflict>> {
  if (entities.length === 0) return ok(undefined);
  if (many !== undefined) return many(entities);
  for (const entity of entities) {
    const saved = await one(entity);
    if (saved.isErr()) return saved;
  }
  return ok(undefined);
}

/**
 * Writes a batch's decisions (executions claimed, numbers drawn: `claimAndNumber`) and the accounts' parts,
 * one kind at a time: the invoices, the credit memos, the changed schedules, the parts — with the ports'
 * batch writes when they have them.
 */
async function writeAccountRuns(
  repos: Repositories,
  decisions: readonly AccountRunDecision[],
  parts: readonly BillRunAccount[],
): Promise<Result<void, VersionConflict>> {
  const { invoices, creditMemos, invoiceSchedules, billRuns } = repos;
  const documents = decisions.flatMap((d) => d.documents);
  const newInvoices = documents.flatMap((d) => (d.kind === 'Invoice' ? [d.invoice] : []));
  const newMemos = documents.flatMap((d) => (d.kind === 'CreditMemo' ? [d.memo] : []));
  const steps: (() => Promise<Result<void, VersionConflict>>)[] = [
    () => saveAll(newInvoices, invoices.saveMany?.bind(invoices), (i) => invoices.save(i)),
    () => saveAll(newMemos, creditMemos.saveMany?.bind(creditMemos), (m) => creditMemos.save(m)),
    () =>
      saveAll(
        decisions.flatMap((d) => d.schedules),
        invoiceSchedules.saveMany?.bind(invoiceSchedules),
        (s) => invoiceSchedules.save(s),
      ),
    () => saveAll(parts, billRuns.saveAccounts?.bind(billRuns), (p) => billRuns.saveAccount(p)),
  ];
  for (const step of steps) {
    const done = await step();
    if (done.isErr()) return done;
  }
  return ok(undefined);
}

/** The schedules a document's lines name, each once. */
function schedulesOfLines(document: Invoice | CreditMemo): readonly string[] {
  const out = new Set<string>();
  for (const line of document.lines)
    if (line.invoiceScheduleNumber !== null) out.add(line.invoiceScheduleNumber);
  return [...out];
}

/** Rows grouped by their account, in the order read. */
function groupByAccount<T extends { readonly accountNumber: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k] as T;
    const list = out.get(row.accountNumber);
    if (list === undefined) out.set(row.accountNumber, [row]);
    else list.push(row);
  }
  return out;
}

/** Rows grouped under each of their keys, in the order read. */
function groupAllBy<T>(rows: readonly T[], keysOf: (row: T) => readonly string[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    for (const key of keysOf(row)) {
      const list = out.get(key);
      if (list === undefined) out.set(key, [row]);
      else list.push(row);
    }
  }
  return out;
}

/** How many accounts a bill run bills per transaction unless told (`RunBillRunOptions.accountsPerTransaction`). @internal */
export const ACCOUNTS_PER_TRANSACTION = 50;

/** What {@link billAccountsOfRun} did: the parts it settled, and why it stopped early, if it did. @internal */
export interface AccountsBilled {
  /** The parts of the accounts settled (committed), in account order. */
  readonly parts: readonly BillRunAccount[];
  /**
   * The run stopped being `Running` (completed by another process), or vanished, or the store kept refusing
   * an account's transactions with a serialization failure or a deadlock: the rest was not billed.
   */
  readonly stopped: BillRunNotRunning | BillRunNotFound | StoreConflict | null;
}

/** Programming errors: never a store's failure, so never a reason to bill the accounts one at a time. */
function isBug(thrown: unknown): boolean {
  return (
    thrown instanceof TypeError ||
    thrown instanceof ReferenceError ||
    thrown instanceof RangeError ||
    thrown instanceof SyntaxError
  );
}

/**
 * Bills these accounts of a run (ascending, each once), all of them per transaction as far as it can: the
 * batch in one transaction ({@link billAccountBatchInTransaction}); an account that reads other accounts'
 * rows on its own; and when the batch's transaction conflicts with a concurrent writer or the store throws,
 * each of its accounts on its own (`billAccountOfRun`: retried, and saved `Failed` when it keeps failing).
 * Returns the parts it settled, in order, and what stopped it early. Unless `completesAfter`, a run completed
 * meanwhile is brought in line with the parts saved here — on an early stop too. @internal
 */
export async function billAccountsOfRun(
  context: BillingContext,
  run: AccountsBillRun,
  accountNumbers: readonly string[],
  options: { readonly completesAfter?: boolean } = {},
): Promise<AccountsBilled> {
  for (let i = 1; i < accountNumbers.length; i++) {
    if (compareKeys(accountNumbers[i - 1] as string, accountNumbers[i] as string) >= 0)
      throw new TypeError(
        `billAccountsOfRun: the accounts must be ascending and distinct, got ${accountNumbers.join(', ')}`,
      );
  }
  const out: BillRunAccount[] = [];
  const finish = async (stopped: AccountsBilled['stopped']): Promise<AccountsBilled> => {
    if (options.completesAfter !== true && out.some((p) => p.version > 0))
      await refreshCompletedRun(context, run.number);
    return Object.freeze({ parts: Object.freeze(out), stopped });
  };
  let from = 0;
  while (from < accountNumbers.length) {
    const chunk = accountNumbers.slice(from);
    let batch: Result<AccountBatch, BillRunNotRunning | BillRunNotFound | VersionConflict> | null;
    try {
      batch = await context.store.transaction((repos) =>
        billAccountBatchInTransaction(context, repos, run.number, chunk),
      );
    } catch (thrown) {
      if (isBug(thrown)) throw thrown;
      // Rolled back (a serialization failure, a deadlock, a dropped connection): each account on its own.
      batch = null;
    }
    if (batch?.isErr() === true && batch.error.type !== 'VersionConflict') return finish(batch.error);
    let alone: readonly string[] = chunk;
    if (batch?.isOk() === true) {
      out.push(...batch.value.parts);
      from += chunk.length - batch.value.rest.length;
      alone = batch.value.rest.slice(0, 1);
    }
    for (const a of alone) {
      const part = await billAccountOfRun(context, run, a, { completesAfter: true });
      if (part.isErr()) return finish(part.error);
      out.push(part.value);
      from++;
    }
  }
  return finish(null);
}
