import { err, ok, type Result } from 'neverthrow';
import {
  billedByCharge,
  planStandardBilling,
  type StandardBillingPlan,
  standardDocuments,
  standardInvoiceGroups,
  standardInvoiceLines,
} from '../domain/billing/standard';
import type { Subscription } from '../domain/contract/subscription';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { Invoice } from '../domain/documents/invoice';
import { chargeKey } from '../domain/schedule/schedule';
import { getCurrency } from '../money/currency';
import { Dec } from '../money/decimal';
import type { BillingContext, Repositories, VersionConflict } from '../ports';
import type { BusinessDate } from '../time/date';
import { nextNumber } from './common';
import { type Consolidation, mergeInvoices } from './consolidation';

/** Documents standard billing produced. @internal */
export interface StandardDocuments {
  readonly invoices: readonly Invoice[];
  readonly creditMemo: CreditMemo | null;
}

/**
 * The accounts whose documents hold the billing history of these subscriptions: the account and
 * every earlier owner (decision 17: billing history belongs to the charge, not the account).
 */
function historyAccounts(accountNumber: string, subscriptions: readonly Subscription[]): readonly string[] {
  const accounts = new Set([accountNumber]);
  for (const s of subscriptions) for (const n of s.previousAccountNumbers ?? []) accounts.add(n);
  return [...accounts];
}

/**
 * Charges attached to a schedule of these accounts: standard billing leaves them to the schedule
 * (a schedule stays with the old owner when only fully billed subscriptions moved, §8.8).
 */
async function scheduledCharges(
  repos: Repositories,
  accountNumbers: readonly string[],
): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const accountNumber of accountNumbers) {
    for (const schedule of await repos.invoiceSchedules.listByAccount(accountNumber)) {
      for (const c of schedule.charges)
        if (!c.detached) keys.add(chargeKey(c.subscriptionNumber, c.chargeNumber));
    }
  }
  return keys;
}

/**
 * Plans standard billing for some subscriptions of an account up to a target date. @internal
 */
export async function planStandard(
  context: BillingContext,
  repos: Repositories,
  accountNumber: string,
  subscriptions: readonly Subscription[],
  targetDate: BusinessDate,
): Promise<{
  plans: readonly StandardBillingPlan[];
  invoices: readonly Invoice[];
  creditMemos: readonly CreditMemo[];
}> {
  const owned = subscriptions.filter((s) => s.accountNumber === accountNumber);
  const accounts = historyAccounts(accountNumber, owned);
  const invoices: Invoice[] = [];
  const creditMemos: CreditMemo[] = [];
  for (const n of accounts) {
    invoices.push(...(await repos.invoices.listByAccount(n)));
    creditMemos.push(...(await repos.creditMemos.listByAccount(n)));
  }
  const excluded = await scheduledCharges(repos, accounts);
  const billed = billedByCharge(invoices, creditMemos);
  const currencies = [...new Set(subscriptions.map((s) => s.currency))].sort();
  const plans = currencies.map((code) =>
    planStandardBilling({
      subscriptions: owned,
      excluded,
      billed,
      targetDate,
      currency: getCurrency(code)._unsafeUnwrap(),
      settings: context.settings,
    }),
  );
  return { plans, invoices, creditMemos };
}

/**
 * Bills, inside the caller's transaction, the standard-billing documents of some subscriptions
 * of an account up to `targetDate` (all its subscriptions when `subscriptions` is omitted),
 * dated `invoiceDate`, and saves them. @internal
 */
export async function billStandardInTransaction(
  context: BillingContext,
  repos: Repositories,
  args: {
    readonly accountNumber: string;
    readonly subscriptions?: readonly Subscription[];
    readonly targetDate: BusinessDate;
    readonly invoiceDate: BusinessDate;
    readonly billRunNumber: string;
    /** Joins the account's standard billing to the run's shared invoice, whatever its date (§7.8). */
    readonly consolidation?: Consolidation | null;
  },
): Promise<Result<StandardDocuments, VersionConflict>> {
  const subscriptions = args.subscriptions ?? (await repos.subscriptions.listByAccount(args.accountNumber));
  const { plans, invoices, creditMemos } = await planStandard(
    context,
    repos,
    args.accountNumber,
    subscriptions,
    args.targetDate,
  );
  const outInvoices: Invoice[] = [];
  let outMemo: CreditMemo | null = null;
  for (const plan of plans) {
    if (plan.lines.length === 0 && plan.credits.length === 0) continue;
    const currency = getCurrency(
      plan.lines[0]?.subscription.currency ?? plan.credits[0]?.subscription.currency ?? '',
    )._unsafeUnwrap();
    const build = (ids: {
      invoiceIds: { id: string; number: string }[];
      creditMemo: { id: string; number: string };
    }) =>
      standardDocuments({
        plan,
        accountNumber: args.accountNumber,
        currency,
        invoiceDate: args.invoiceDate,
        invoices,
        creditMemos,
        settings: context.settings,
        billRunNumber: args.billRunNumber,
        ...ids,
      });
    const dry = build({ invoiceIds: [], creditMemo: { id: '', number: '' } });
    const invoiceIds: { id: string; number: string }[] = [];
    const groups = standardInvoiceGroups(plan.lines);
    const target = args.consolidation?.target(currency.code);
    const joinsTarget = target !== undefined && groups[0]?.some((l) => !l.subscription.invoiceSeparately);
    for (let i = 0; i < groups.length; i++) {
      if (i === 0 && joinsTarget && target) invoiceIds.push({ id: target.id, number: target.number });
      else invoiceIds.push({ id: context.ids.next('Invoice'), number: await nextNumber(repos, 'Invoice') });
    }
    // With a shared invoice in the run, the credit memo is held with it too (§7.8, decision 11).
    const holder = args.consolidation && target !== undefined ? args.consolidation : null;
    const creditMemo = !dry.creditMemo
      ? { id: '', number: '' }
      : holder
        ? holder.provisional('CreditMemo')
        : { id: context.ids.next('CreditMemo'), number: await nextNumber(repos, 'CreditMemo') };
    const docs = build({ invoiceIds, creditMemo });
    for (const [i, built] of docs.invoices.entries()) {
      if (i === 0 && joinsTarget && target && args.consolidation) {
        const invoice = mergeInvoices(target, built, args.consolidation.targetDate);
        args.consolidation.record(invoice);
        outInvoices.push(invoice);
        continue;
      }
      const saved = await repos.invoices.save(built);
      if (saved.isErr()) return err(saved.error);
      outInvoices.push(built);
    }
    if (docs.creditMemo) {
      if (holder) holder.addMemo(docs.creditMemo);
      else {
        const saved = await repos.creditMemos.save(docs.creditMemo);
        if (saved.isErr()) return err(saved.error);
      }
      outMemo = docs.creditMemo;
    }
  }
  return ok({ invoices: outInvoices, creditMemo: outMemo });
}

/**
 * Appends standard-billing lines to an item's invoice (additional subscriptions billed with the
 * item, §7.7). @internal
 */
export function withStandardLines(
  invoice: Invoice,
  plan: StandardBillingPlan,
  context: BillingContext,
): Invoice {
  if (plan.lines.length === 0) return invoice;
  const currency = getCurrency(invoice.currency)._unsafeUnwrap();
  const added = standardInvoiceLines(
    plan.lines,
    invoice.id,
    currency,
    context.settings.rounding,
    invoice.lines.length + 1,
  );
  const lines = [...invoice.lines, ...added];
  return Object.freeze({
    ...invoice,
    lines: Object.freeze(lines),
    amount: lines.reduce((a, l) => a.plus(l.amount), new Dec(0)),
  });
}
