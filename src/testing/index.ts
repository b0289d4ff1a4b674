/**
 * `invoice-schedules/testing`: the repository contract kit for adapter authors, builders of valid
 * domain values, and fast-check arbitraries for property tests. Imports `fast-check` (an optional
 * peer dependency: install it to use the arbitraries); never imports a test runner.
 * @since 0.1.0
 */

export {
  type AmountRange,
  arbAccount,
  arbAmount,
  arbBillRun,
  arbBusinessDate,
  arbCurrency,
  arbInvoice,
  arbInvoiceSchedule,
  arbOrder,
  arbSubscription,
  type DateRange,
} from './arbitraries';
export {
  type BuildOverrides,
  buildAccount,
  buildBillRun,
  buildCharge,
  buildCreditMemo,
  buildInvoice,
  buildInvoiceLine,
  buildInvoiceSchedule,
  buildInvoiceScheduleItem,
  buildOrder,
  buildSubscription,
} from './builders';
export {
  describeRepositoryContract,
  type MaybePromise,
  type RepositoryContractOptions,
  type RepositoryProbe,
} from './contract';
