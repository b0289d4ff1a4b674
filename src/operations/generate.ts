import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import type { AccountDocumentsRun } from '../domain/billing/bill-run';
import { planBillRun } from '../domain/billing/plan';
import type { AdditionalLinesError } from '../domain/documents/additional-lines';
import { accountNotFound } from '../domain/schedule/errors';
import type { BillingContext } from '../ports';
import { billPlannedAccount, completedRun } from './bill-account';
import { type RunBillRunError, targetDateOf } from './bill-run';
import { claimAccounts, EXPECTED_NUMBER, nextNumber, OPTIONAL_FIELDS, requireFields } from './common';
import { loadBillRun } from './execute';
import { idempotentCall, keyedTransaction } from './idempotency';
import { type Emitted, mutation } from './operation';

/**
 * A "generate billing documents" request for one account (reference §6.5): a target date
 * (default: today in the tenant's zone).
 * @category Inputs
 * @since 0.1.0
 */
export interface GenerateBillingDocumentsInput {
  readonly accountNumber: string;
  readonly targetDate?: string;
  /** Retrying with the same key returns the first result. */
  readonly idempotencyKey?: string;
}

const GENERATE = 'generateBillingDocuments';

/**
 * Generates the billing documents of one account up to a target date (reference §6.5): its due
 * schedule items — of paused schedules too (§5.3) — and standard billing of its other charges,
 * in one transaction. Returns the bill run record (kind `AccountDocuments`).
 * @example
 * ```ts
 * const billRun = await generateBillingDocuments(context, {
 *   accountNumber: 'A-001',
 *   targetDate: '2023-07-20',
 * });
 * if (billRun.isOk()) console.log(billRun.value.invoiceNumbers, billRun.value.creditMemoNumbers);
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function generateBillingDocuments(
  context: BillingContext,
  input: GenerateBillingDocumentsInput,
): ResultAsync<Emitted<AccountDocumentsRun>, RunBillRunError | AdditionalLinesError> {
  return mutation(
    context,
    input,
    async (context, input): Promise<Result<AccountDocumentsRun, RunBillRunError | AdditionalLinesError>> => {
      const fields = requireFields(
        'generateBillingDocuments',
        input,
        {
          accountNumber: EXPECTED_NUMBER.accountNumber,
        },
        OPTIONAL_FIELDS.generateBillingDocuments,
      );
      if (fields.isErr()) return err(fields.error);
      // Read once, during the call: the transaction bills this account whatever the input says later.
      const { accountNumber } = fields.value;
      const date = targetDateOf(context, input.targetDate);
      if (date.isErr()) return err(date.error);
      const targetDate = date.value;
      const idempotent = idempotentCall(GENERATE, input);
      if (idempotent.isErr()) return err(idempotent.error);
      const call = idempotent.value;
      return keyedTransaction(
        context,
        call,
        (repos, previous) => loadBillRun(repos, previous, 'AccountDocuments'),
        async (repos): Promise<Result<AccountDocumentsRun, RunBillRunError | AdditionalLinesError>> => {
          await claimAccounts(repos, [accountNumber]);
          if (!(await repos.accounts.get(accountNumber))) return err(accountNotFound(accountNumber));
          const schedules = await repos.invoiceSchedules.listByAccount(accountNumber);
          // Paused schedules are billed here (§5.3): plan them as if they were not paused.
          const plan = planBillRun(schedules, targetDate, {
            accountNumbers: [accountNumber],
            includePausedSchedules: true,
          });
          const billRunNumber = await nextNumber(repos, 'BillRun');
          const billing = await billPlannedAccount(context, repos, {
            accountNumber,
            items: plan.accounts[0]?.items ?? [],
            targetDate,
            billRunNumber,
            standard: true,
            includePausedSchedules: true,
          });
          if (billing.isErr()) return err(billing.error);
          const billed = billing.value;
          const billRun = completedRun(context, {
            number: billRunNumber,
            kind: 'AccountDocuments',
            targetDate,
            accountNumbers: Object.freeze([accountNumber]),
            invoiceScheduleNumbers: Object.freeze([]),
            ...billed,
          });
          const inserted = await repos.billRuns.insert(billRun);
          if (inserted.isErr()) return err(inserted.error);
          return ok(billRun);
        },
        (billRun) => billRun.number,
      );
    },
  );
}
