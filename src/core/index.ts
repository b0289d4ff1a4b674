/**
 * `invoice-schedules/core`: the pure engine under the operations, for advanced use. Functions over
 * frozen values, no I/O, no clock: the contract model (accounts, orders and their activation, charge
 * values and discounts), the schedule rules (refresh, pause, detach / attach, what an order may change)
 * and billing (the bill run planner, executing an item, credits, reversals).
 *
 * Most hosts never need it: the operations of `invoice-schedules` load through the ports, call this
 * core once and save atomically. Use it to preview (e.g. {@link planBillRun}), to test rules, or to
 * build an operation the library does not have. The records, inputs and errors these functions
 * take and return are exported from `invoice-schedules`. The functions trust their arguments' types
 * (business dates, Decimals, records as the library builds them): the operations check what comes in at
 * the public boundary, and a record read from elsewhere is checked by its codec
 * (`fromInvoiceScheduleRecord`, …); misuse by code throws a `TypeError` or gives a wrong answer rather
 * than a typed error. The schedules, documents and subscriptions they build are frozen through, Decimals
 * included; no argument is mutated or frozen. No stability promise beyond the package's semver: shaped by
 * the engine's needs, the core changes more readily than the root, and every change is in the changelog.
 * @module
 */

export { type BillRunPlan, type PlannedItem, planBillRun } from '../domain/billing/plan';
// In source-path order, as Biome sorts them; the module doc above groups them by subject.
export { createAccount } from '../domain/contract/account';
export {
  BILLING_PERIOD_MONTHS,
  BILLING_PERIODS,
  billingPeriodMonths,
  CHARGE_TYPES,
  isRegularCharge,
  isRemovedCharge,
  LIST_PRICE_BASES,
} from '../domain/contract/charge';
export {
  applicableDiscounts,
  type ChargeBilledSoFar,
  chargeTermMonths,
  chargeValue,
  chargeValueThrough,
  type DiscountBreakdown,
  type DiscountLine,
  discountBreakdownAfter,
  discountBreakdownForNet,
  discountLinesFor,
  grossValue,
  monthlyPrice,
  subscriptionValue,
  totalDiscountPercentage,
} from '../domain/contract/charge-value';
export { allCharges, type ChargeInPlan, findCharge, isSchedulable } from '../domain/contract/subscription';
export {
  type ApplyCreditError,
  applyCredit,
  type CreditToApply,
  cancelDraftCreditMemo,
  checkNoAppliedCredits,
  type UnapplyCreditError,
  unapplyCredit,
} from '../domain/documents/settlement';
export { activateOrder, createOrder, ORDER_ACTION_TYPES, ORDER_STATUSES } from '../domain/order/order';
export {
  type ChargeValueOf,
  checkOrderAgainstSchedules,
  type ScheduleForRules,
  type ScheduleStatusForRules,
} from '../domain/order/rules';
export {
  type ChargeCredit,
  chargeTargets,
  creditMemoLines,
  creditStartDate,
} from '../domain/schedule/credit';
export { attachCharges, detachCharges } from '../domain/schedule/detach';
export {
  actualAmountOf,
  allocateAcrossCharges,
  type ChargeState,
  chargeCredits,
  chargeGroups,
  chargeStates,
  checkRevertible,
  type ExecutionInputs,
  executeCredit,
  executeItem,
  type ItemExecution,
  type NewInvoiceIds,
  netByCharge,
  revertItemForInvoice,
  reviseSchedule,
  type ScheduleExecution,
  scheduleNumbersOf,
} from '../domain/schedule/execute';
export {
  deriveItemsStatus,
  earliestPendingItem,
  processingMark,
  refreshSchedule,
} from '../domain/schedule/schedule';
export { pauseSchedule, resumeSchedule } from '../domain/schedule/update';
