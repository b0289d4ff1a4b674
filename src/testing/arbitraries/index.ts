/**
 * `invoice-schedules/testing/arbitraries`: fast-check arbitraries of valid domain values for
 * property tests (currencies of 0, 2 and 3 decimals, amounts at their scale, business dates,
 * accounts, subscriptions, orders, invoice schedules, invoices, bill runs).
 *
 * This is the only entry point that imports `fast-check`, an optional peer dependency: install
 * `fast-check` (4.x) in your project to use it. `invoice-schedules/testing` (the contract kit and
 * builders) does not need it.
 * @since 0.1.0
 */

export { arbBillRun } from './bill-runs';
export {
  type AmountRange,
  arbAccount,
  arbAmount,
  arbBusinessDate,
  arbCurrency,
  arbInvoice,
  arbInvoiceSchedule,
  arbOrder,
  arbSubscription,
  type DateRange,
} from './generators';
