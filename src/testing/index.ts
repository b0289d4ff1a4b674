/**
 * `invoice-schedules/testing`: the repository contract kit for adapter authors and builders of
 * valid domain values. Needs no optional peer and never imports a test runner; the fast-check
 * arbitraries live on their own subpath, `invoice-schedules/testing/arbitraries`.
 * @since 0.1.0
 */

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
} from './contract/index';
