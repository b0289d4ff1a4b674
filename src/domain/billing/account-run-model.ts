import type { BusinessDate } from '../../time/date';
import type { Subscription } from '../contract/subscription';
import { invoiceDraft, lineWithId } from '../documents/copy';
import type { CreditMemo } from '../documents/credit-memo';
import type { Invoice } from '../documents/invoice';
import { itemDraft, scheduleDraft } from '../schedule/copy';
import type { InvoiceSchedule, InvoiceScheduleItem } from '../schedule/schedule';
import type { TenantSettings } from '../settings';
import type { DetachedChargeTotal } from './standard';

// What an account's run takes and decides (decideAccountRun in account-run.ts), and how the operation's
// real numbers replace the provisional ones (assignNumbers). New documents carry provisional ids and
// numbers (`new:Invoice:000001` …) until then.
/** The prefix of provisional ids and numbers. @internal */
export const NEW = 'new:';

/**
 * One step of an account's run, in order: a due item, or the credit due on a schedule without an item
 * (§8.4), credited as of `memoDate` for the credits due first among those due by `dueBy` (all when `null`;
 * `executeCredit`). @internal
 */
export type AccountRunStep =
  | { readonly kind: 'item'; readonly invoiceScheduleNumber: string; readonly itemId: string }
  | {
      readonly kind: 'credit';
      readonly invoiceScheduleNumber: string;
      readonly memoDate: BusinessDate;
      readonly dueBy: BusinessDate | null;
    };

/** What an account's run may read, loaded by the operation before it decides. @internal */
export interface AccountRunData {
  /** The schedules the steps name (and any other of the account's), by number. */
  readonly schedules: ReadonlyMap<string, InvoiceSchedule>;
  /** Every subscription the run may read: those the schedules cover, their additional ones, the account's. */
  readonly subscriptions: ReadonlyMap<string, Subscription>;
  /** The account's subscriptions (standard billing), in number order. */
  readonly accountSubscriptions: readonly Subscription[];
  /** Every document of the account, of the accounts that owned its subscriptions, and of the schedules. */
  readonly invoices: readonly Invoice[];
  readonly creditMemos: readonly CreditMemo[];
  /** Charge keys attached to a schedule of those accounts: standard billing leaves them alone. */
  readonly scheduledCharges: ReadonlySet<string>;
  /**
   * The charges detached from a schedule of those accounts (or of another account's schedule a Draft or Posted
   * line names on a charge standard billing bills): standard
   * billing bills each up to its total in the schedule's set rounding (decision 2). Absent: none.
   */
  readonly detachedCharges?: readonly DetachedChargeTotal[];
  /**
   * The schedules' documents were not loaded (`invoices` and `creditMemos` are empty): only a run that
   * credits reads them (the invoice lines a credit memo credits), so the operation loads them only when
   * the decision asks ({@link DocumentsNeeded}). Absent: loaded.
   */
  readonly scheduleDocumentsOmitted?: boolean;
}

/**
 * The decision of a run decided without the schedules' documents that credits: decide it again with them.
 * @internal
 */
export interface DocumentsNeeded {
  readonly documentsNeeded: true;
}

/** The request of an account's run. @internal */
export interface AccountRunRequest {
  readonly accountNumber: string;
  readonly targetDate: BusinessDate;
  readonly billRunNumber: string;
  readonly settings: TenantSettings;
  readonly steps: readonly AccountRunStep[];
  /** Bill paused schedules too (a bill run started by a person, generate, decision 16). */
  readonly includePausedSchedules: boolean;
  /** Also bill the account's charges no schedule bills, up to the target date (standard billing). */
  readonly standard: boolean;
  /** Merge the documents of consolidating sources into one invoice (§7.8); false for a manual execution. */
  readonly consolidate: boolean;
  /**
   * Bill an item only if it is still due by the target date as loaded (a bill run planned it earlier,
   * and an edit may have moved it since); false for a manual execution, which may bill early (§6.3).
   */
  readonly recheckDue: boolean;
  /**
   * Leave nothing due by the target date (§6.6 rule 3, §8.4): once the steps are done, each schedule they
   * changed is planned again as it now stands, and what is due on it by then — a credit falling due after
   * the last item's run date, with the next pending item pulled forward to it or alone — is billed in the
   * same run. True for bill runs and "generate billing documents"; false for an execution by hand, which
   * executes one item (§6.2).
   */
  readonly catchUp: boolean;
}

/** A new document of a decision, in the order its number is drawn. @internal */
export type NewDocument =
  | { readonly kind: 'Invoice'; readonly invoice: Invoice }
  | { readonly kind: 'CreditMemo'; readonly memo: CreditMemo };

/** What happened to each step. @internal */
export type StepOutcome = 'executed' | 'credited' | 'nothingDue' | 'skipped';

/** Everything an account's run decided. @internal */
export interface AccountRunDecision {
  /** Schedules that changed, in their final state (version + 1 over the loaded one). */
  readonly schedules: readonly InvoiceSchedule[];
  /** New documents, in the order their numbers are drawn (per kind). */
  readonly documents: readonly NewDocument[];
  /** The run's invoice and credit memo numbers, in the order a bill run lists them. */
  readonly invoiceNumbers: readonly string[];
  readonly creditMemoNumbers: readonly string[];
  /** Execution claims (decision 14): one key per executed item, with the invoice it produced. */
  readonly executions: readonly ExecutionClaim[];
  /** Items that became `Processed`: the executed ones and the zero tail processed with them (decision 19). */
  readonly itemsProcessed: number;
  /** One per step of the request, in its order (what a catch-up adds after them is not among them). */
  readonly outcomes: readonly StepOutcome[];
}

/** The claim of one execution of an item (decision 14), saved with the run. @internal */
export interface ExecutionClaim {
  readonly key: string;
  /** The invoice the execution produced ('' when none). */
  readonly invoiceNumber: string;
  readonly invoiceScheduleNumber: string;
  /** The schedule's version as loaded (for the conflict a lost claim reports). */
  readonly loadedVersion: number;
}

/** The deterministic key of one execution of an item (decision 14). @internal */
export function executionKey(schedule: InvoiceSchedule, item: InvoiceScheduleItem): string {
  // Joined, not concatenated: the key is stored (idempotency), and a concatenation is kept as a rope.
  return ['execution', schedule.id, item.id, item.generation].join(':');
}

/** Real ids and numbers, drawn by the operation for a decision's documents in its order. @internal */
export interface DrawnNumbers {
  readonly Invoice: readonly { readonly id: string; readonly number: string }[];
  readonly CreditMemo: readonly { readonly id: string; readonly number: string }[];
}

/**
 * Gives a decision's documents their real ids and numbers (the `i`-th new invoice the `i`-th drawn
 * invoice number, likewise for credit memos) and replaces the provisional ones everywhere: line ids,
 * credited invoice numbers and lines, items' links, the run's lists and the execution claims. Pure.
 * @internal
 */
export function assignNumbers(decision: AccountRunDecision, drawn: DrawnNumbers): AccountRunDecision {
  const real = new Map<string, { id: string; number: string }>();
  const next = { Invoice: 0, CreditMemo: 0 };
  let memos = false;
  for (const d of decision.documents) {
    if (d.kind === 'CreditMemo') memos = true;
    const number = d.kind === 'Invoice' ? d.invoice.number : d.memo.number;
    const ids = drawn[d.kind][next[d.kind]];
    next[d.kind] += 1;
    if (!ids) throw new Error(`assignNumbers: no ${d.kind} number drawn for ${number}`);
    real.set(number, ids);
  }
  const numberOf = (n: string) => real.get(n)?.number ?? n;
  const lineIds = new Map<string, string>();
  const documents = decision.documents.map((d): NewDocument => {
    if (d.kind === 'Invoice') {
      const ids = real.get(d.invoice.number) as { id: string; number: string };
      const lines = d.invoice.lines.map((l, i) => {
        const id = [ids.id, i + 1].join('-'); // joined: a flat string, not a rope
        lineIds.set(l.id, id);
        return lineWithId(l, id);
      });
      const invoice = invoiceDraft(d.invoice);
      invoice.id = ids.id;
      invoice.number = ids.number;
      invoice.lines = Object.freeze(lines);
      return { kind: 'Invoice', invoice: Object.freeze(invoice) };
    }
    return d;
  });
  // Credit memos are renumbered after every invoice (their lines name the invoices' real numbers); most runs
  // have none, and keep the invoices' list as it is.
  const out = !memos
    ? documents
    : documents.map((d): NewDocument => {
        if (d.kind === 'Invoice') return d;
        const ids = real.get(d.memo.number) as { id: string; number: string };
        const lines = d.memo.lines.map((l, i) =>
          Object.freeze({
            ...l,
            id: [ids.id, i + 1].join('-'), // joined: a flat string, not a rope
            creditedInvoiceNumber:
              l.creditedInvoiceNumber === null ? null : numberOf(l.creditedInvoiceNumber),
            creditedInvoiceLineId:
              l.creditedInvoiceLineId === null
                ? null
                : (lineIds.get(l.creditedInvoiceLineId) ?? l.creditedInvoiceLineId),
          }),
        );
        return {
          kind: 'CreditMemo',
          memo: Object.freeze({ ...d.memo, ...ids, lines: Object.freeze(lines) }),
        };
      });
  const schedules = decision.schedules.map((s) => {
    if (
      !s.items.some(
        (i) =>
          (i.invoiceNumber !== null && real.has(i.invoiceNumber)) ||
          i.creditMemoNumbers.some((n) => real.has(n)),
      )
    )
      return s;
    // Only the items naming a provisional number change; the others are kept as they are.
    const items = s.items.map((i) => {
      const invoiceNamed = i.invoiceNumber !== null && real.has(i.invoiceNumber);
      const memoNamed = i.creditMemoNumbers.some((n) => real.has(n));
      if (!invoiceNamed && !memoNamed) return i;
      const renumbered = itemDraft(i);
      if (invoiceNamed) renumbered.invoiceNumber = numberOf(i.invoiceNumber as string);
      if (memoNamed) renumbered.creditMemoNumbers = Object.freeze(i.creditMemoNumbers.map(numberOf));
      return Object.freeze(renumbered);
    });
    const schedule = scheduleDraft(s);
    schedule.items = Object.freeze(items);
    return Object.freeze(schedule) as InvoiceSchedule;
  });
  return Object.freeze({
    ...decision,
    schedules: Object.freeze(schedules),
    documents: Object.freeze(out),
    invoiceNumbers: Object.freeze(decision.invoiceNumbers.map(numberOf)),
    creditMemoNumbers: Object.freeze(decision.creditMemoNumbers.map(numberOf)),
    executions: Object.freeze(
      decision.executions.map((e) => ({
        ...e,
        invoiceNumber: e.invoiceNumber === '' ? '' : numberOf(e.invoiceNumber),
      })),
    ),
  });
}
