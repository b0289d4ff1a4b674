/**
 * invoice-schedules: custom invoice schedules for orders, modelled on Zuora Billing Schedule.
 *
 * The curated root: what a host application calls and reads. The operations, their inputs, the
 * records they return, every error, the ports a host implements (with the record codecs for its
 * storage) and what it needs to build a {@link BillingContext}. Every name is listed explicitly (no
 * `export *`), so the public API only grows on purpose; types use `export type`; each name carries
 * a typedoc `@category` (Operations, Inputs, Domain model, Errors, Events, Ports, Record codecs, Settings,
 * Presentation) that groups it in the API docs; below, the statements follow their source paths, as
 * Biome sorts them. etc/api-report.md lists every entry point's names (`npm run api:report`).
 *
 * The subpaths:
 * - `invoice-schedules/money`: exact amounts, currencies, rounding and lossless allocation;
 * - `invoice-schedules/time`: business dates, the tenant's "today", service periods;
 * - `invoice-schedules/core`: the pure engine the operations use (advanced);
 * - `invoice-schedules/memory`: the in-memory adapter of the ports;
 * - `invoice-schedules/postgres`: the PostgreSQL adapter (node-postgres or PGlite), its schema and migrations;
 * - `invoice-schedules/validation`: the request validators, for a host's HTTP layer;
 * - `invoice-schedules/testing` and `invoice-schedules/testing/arbitraries`: the contract kit with
 *   builders, and the fast-check arbitraries.
 * @packageDocumentation
 */

// ── domain: the model hosts read, the inputs they send, errors, settings, the items table ────────────
export type { Audited } from './domain/audit';
export type {
  AccountDocumentsRun,
  AccountsBillRun,
  BillRun,
  BillRunAccount,
  BillRunFailure,
  BillRunKind,
  ScheduleExecutionRun,
} from './domain/billing/bill-run';
export {
  type AccountCreated,
  BILLING_EVENT_TYPES,
  type BillingEvent,
  type BillingEventBase,
  type BillRunCompleted,
  type BillRunStarted,
  type CreditApplicationFacts,
  type CreditMemoApplied,
  type CreditMemoCanceled,
  type CreditMemoCreated,
  type CreditMemoPosted,
  type CreditMemoStatusFacts,
  type CreditMemoUnapplied,
  type InvoiceCanceled,
  type InvoiceCreated,
  type InvoicePosted,
  type InvoiceReversed,
  type InvoiceScheduleCreated,
  type InvoiceScheduleDeleted,
  type InvoiceSchedulePausedEvent,
  type InvoiceScheduleResumed,
  type InvoiceScheduleUpdated,
  type InvoiceStatusFacts,
  type ItemProcessed,
  type ItemReverted,
  type OrderActivated,
  type OrderCreated,
} from './domain/billing/events';
export type { Account } from './domain/contract/account';
export type {
  BillingPeriod,
  ChargeType,
  ListPriceBase,
  RatePlan,
  RatePlanCharge,
} from './domain/contract/charge';
export type { Subscription } from './domain/contract/subscription';
export {
  CUSTOM_FIELD_LIMITS,
  CUSTOM_FIELD_NAME_PATTERN,
  type CustomFields,
  type CustomFieldValue,
  NO_CUSTOM_FIELDS,
  sameCustomFields,
  validateCustomFields,
} from './domain/custom-fields';
export {
  ADDITIONAL_LINE_LIMITS,
  ADDITIONAL_LINES_ERROR_TYPES,
  type AdditionalLineInput,
  type AdditionalLinesError,
  type AdditionalLinesHookFailed,
  type InvalidAdditionalLines,
  type InvoiceProposal,
  type ProposedInvoiceLine,
} from './domain/documents/additional-lines';
export type { CreditMemo, CreditMemoLine, CreditMemoStatus } from './domain/documents/credit-memo';
export {
  type CreditApplicationAccountMismatch,
  type CreditApplicationCurrencyMismatch,
  type CreditApplicationNotFound,
  type CreditMemoLinkedToSchedule,
  type CreditMemoOverApplied,
  type CreditUnapplyExceedsApplied,
  type InvalidCreditMemoStatus,
  type InvoiceHasAppliedCredits,
  type InvoiceOverCredited,
  SETTLEMENT_ERROR_TYPES,
  type SettlementError,
} from './domain/documents/errors';
export type { Invoice, InvoiceLine, InvoiceLineKind, InvoiceStatus } from './domain/documents/invoice';
export {
  appliedAmount,
  type CreditApplication,
  type CreditMemoSettlement,
  creditMemoUnappliedAmount,
  invoiceBalance,
} from './domain/documents/settlement';
export {
  type ActionNotSupported,
  type ChargeAlreadyExists,
  type ChargeEndBeforeStart,
  type ChargeFieldNotAllowed,
  type ChargeOutsideTerm,
  type ContractError,
  type DiscountCoversPartOfCharge,
  type DiscountTotalTooHigh,
  DOMAIN_ERROR_TYPES,
  type DomainError,
  type DuplicateChargeNumber,
  type DuplicateSubscriptionNumber,
  type InvalidDiscountPercentage,
  type InvalidInput,
  type InvalidTenantSettings,
  type MissingChargeField,
  type OrderAccountMismatch,
  type OrderActionNotSupported,
  type OrderActionRefusal,
  type OrderAlreadyActivated,
  type RatePlanAlreadyExists,
  type SubscriptionAlreadyExists,
  type SubscriptionNotActive,
  type SubscriptionNotSchedulable,
  type TermEndBeforeStart,
  type TermedSubscriptionRequired,
  type UnknownCharge,
  type UnknownRatePlan,
  type UnknownSubscription,
  type UpdateProductNotFromChargeStart,
} from './domain/errors';
export { INPUT_LIMITS } from './domain/input';
export type {
  BillRunNumber,
  CreditMemoNumber,
  InvoiceNumber,
  InvoiceScheduleNumber,
} from './domain/numbers';
export type {
  AddProductAction,
  CancelSubscriptionAction,
  CreateSubscriptionAction,
  Order,
  OrderAction,
  OrderActionType,
  OrderActivation,
  OrderStatus,
  OwnerTransferAction,
  RemoveProductAction,
  RenewAction,
  ResumeAction,
  SuspendAction,
  TermsAndConditionsAction,
  UpdateProductAction,
} from './domain/order/order';
export type {
  AddProductActionInput,
  CreateOrderInput,
  CreateSubscriptionActionInput,
  DatedActionInput,
  DecimalInput,
  OrderActionInput,
  OwnerTransferActionInput,
  RatePlanChargeInput,
  RatePlanInput,
  RemoveProductActionInput,
  RenewActionInput,
  TermsAndConditionsActionInput,
  UpdateProductActionInput,
} from './domain/order/order-input';
export {
  type CreateInvoiceScheduleInput,
  type InvoiceScheduleItemInput,
  SCHEDULE_LIMITS,
} from './domain/schedule/create';
export type { ChargeSelection } from './domain/schedule/detach';
export {
  type AccountNotFound,
  type AttachNotAllowed,
  type BillingPeriodShorterThanTerm,
  type BillRunAborted,
  type BillRunNotFound,
  type BillRunNotRunning,
  type BlankRunDateNotLast,
  type ChargeAlreadyBilled,
  type ChargeAlreadyScheduled,
  type ChargeNotAttached,
  type ChargeNotDetached,
  type ChargeNotFound,
  type ChargeNotInOrder,
  type CreditMemoNotFound,
  type DuplicateOrder,
  type DuplicateSpecificSubscription,
  type IdempotencyKeyReused,
  type InvalidInvoiceStatus,
  type InvalidScheduleStatus,
  type InvoiceHasCredits,
  type InvoiceLockedByDetach,
  type InvoiceNotFound,
  type InvoiceScheduleItemNotFound,
  type InvoiceScheduleNotFound,
  type InvoiceSchedulePaused,
  type InvoicesNotPosted,
  type ItemAlreadyProcessed,
  type ItemAmountAndPercentage,
  type ItemAmountMissing,
  type ItemAmountNotPositive,
  type ItemExceedsUnbilledCharges,
  type ItemKindChanged,
  type ItemPercentageOutOfRange,
  type ItemPercentageTooPrecise,
  type LaterItemProcessed,
  type LimitExceeded,
  type NoChargesToSchedule,
  type NoScheduleItems,
  type NotEarliestPendingItem,
  type NothingToExecute,
  type OrderNotActivated,
  type OrderNotFound,
  type PercentageLocked,
  type PercentagesDoNotSumTo100,
  type ProcessedItemChanged,
  type RunDateRequired,
  type RunDatesNotIncreasing,
  SCHEDULE_ERROR_TYPES,
  type ScheduleError,
  type ScheduleTotalMismatch,
  type SpecificSubscriptionOrderNotListed,
  type SubscriptionCurrencyMismatch,
  type SubscriptionNotFound,
  type SubscriptionNotInOrder,
  type SubscriptionOwnerMismatch,
} from './domain/schedule/errors';
export type {
  AttachedChargeState,
  DetachedChargeState,
  InvoiceSchedule,
  InvoiceScheduleBase,
  InvoiceScheduleItem,
  InvoiceScheduleItemStatus,
  InvoiceScheduleStatus,
  PausedScheduleState,
  RemovalCut,
  ScheduleCharge,
  ScheduleChargeBase,
  ScheduleChargeDetachment,
  SpecificSubscription,
  UnpausedScheduleState,
} from './domain/schedule/schedule';
export type { UpdateInvoiceScheduleInput } from './domain/schedule/update';
export { renderTable, type ScheduleItemRow, scheduleItemRows } from './domain/schedule/view';
export { DEFAULT_TENANT_SETTINGS, type TenantSettings, tenantSettings } from './domain/settings';
// ── errors: the full list, and the money and time errors ─────────────────────────────────────────────
export {
  ERROR_TYPES,
  type ErrorCategory,
  errorCategory,
  type InvoiceSchedulesError,
  type InvoiceSchedulesErrorType,
  isInvoiceSchedulesError,
} from './errors';
export {
  type AmountTooPrecise,
  type CurrencyMismatch,
  type InvalidAmount,
  type InvalidRatios,
  MONEY_ERROR_TYPES,
  type MoneyError,
  type UnknownCurrency,
} from './money/errors';
// ── operations: load through the ports, decide in the core, save atomically ──────────────────────────
export {
  type BillAccountError,
  type BillAccountInput,
  billAccount,
} from './operations/bill-account';
export {
  type BillRunProgress,
  type CompleteBillRunInput,
  completeBillRun,
  type RunBillRunError,
  type RunBillRunInput,
  type RunBillRunOptions,
  runBillRun,
  startBillRun,
} from './operations/bill-run';
export {
  type BillRunWork,
  type WorkOnBillRunError,
  type WorkOnBillRunInput,
  workOnBillRun,
} from './operations/bill-run-worker';
export {
  activateSavedOrder,
  type ContractOperationError,
  saveNewAccount,
  saveNewOrder,
} from './operations/contracts';
export { type CreateInvoiceScheduleError, createInvoiceSchedule } from './operations/create-invoice-schedule';
export {
  type ExecuteError,
  type ExecuteInvoiceScheduleInput,
  executeInvoiceSchedule,
} from './operations/execute';
export { type GenerateBillingDocumentsInput, generateBillingDocuments } from './operations/generate';
export {
  cancelInvoice,
  type InvoiceOperationError,
  postCreditMemo,
  postInvoice,
  reverseInvoice,
} from './operations/invoices';
export {
  attachInvoiceScheduleCharges,
  type ChargeSelectionInput,
  deleteInvoiceSchedule,
  detachInvoiceScheduleCharges,
  pauseInvoiceSchedule,
  resumeInvoiceSchedule,
  type UpdateInvoiceScheduleError,
  updateInvoiceSchedule,
} from './operations/lifecycle';
export {
  type DueItem,
  type InvoiceScheduleSort,
  type ListCreditMemosInput,
  type ListInvoiceSchedulesInput,
  type ListInvoicesInput,
  type ListItemsDueInput,
  type ListingPage,
  listCreditMemos,
  listInvoiceSchedules,
  listInvoices,
  listItemsDue,
} from './operations/listings';
export type { Emitted } from './operations/operation';
export {
  type AccountPreview,
  type BillingPreview,
  PREVIEW_BILL_RUN,
  type PreviewBillRunInput,
  type PreviewError,
  type PreviewExecutionInput,
  previewBillRun,
  previewExecution,
} from './operations/preview';
export {
  type PrunedIdempotencyRecords,
  type PruneIdempotencyRecordsError,
  type PruneIdempotencyRecordsInput,
  pruneIdempotencyRecords,
} from './operations/prune-idempotency';
export {
  getBillRun,
  getCreditMemo,
  getInvoice,
  getInvoiceSchedule,
  listScheduleCreditMemos,
  listScheduleInvoices,
} from './operations/queries';
export {
  type ApplyCreditMemoInput,
  applyCreditMemo,
  type CancelCreditMemoInput,
  type CreditAmountInput,
  type CreditApplicationInput,
  cancelCreditMemo,
  type SettlementOperationError,
  type UnapplyCreditMemoInput,
  unapplyCreditMemo,
} from './operations/settlement';
// ── ports: what a host implements, and the record codecs for its storage ─────────────────────────────
export type {
  AccountRepository,
  BillingContext,
  BillingHooks,
  BillRunFilter,
  BillRunLease,
  BillRunLeaseRequest,
  BillRunRepository,
  CreditMemoPageQuery,
  CreditMemoRepository,
  EntityName,
  IdempotencyRecord,
  IdempotencyRepository,
  IdGenerator,
  InvalidContext,
  InvoicePageQuery,
  InvoiceRepository,
  InvoiceSchedulePageKey,
  InvoiceSchedulePageOrder,
  InvoiceSchedulePageQuery,
  InvoiceScheduleRepository,
  OrderRepository,
  OutboxEntry,
  OutboxRepository,
  Repositories,
  SequenceName,
  SequenceRepository,
  StoreConflict,
  SubscriptionRepository,
  UnitOfWork,
  VersionConflict,
  VersionedRepository,
} from './ports';
export {
  type AccountRecord,
  type BillRunAccountRecord,
  type BillRunRecord,
  type CreditMemoRecord,
  fromAccountRecord,
  fromBillRunAccountRecord,
  fromBillRunRecord,
  fromCreditMemoRecord,
  fromInvoiceRecord,
  fromInvoiceScheduleRecord,
  fromOrderRecord,
  fromSubscriptionRecord,
  type InvalidRecord,
  type InvoiceRecord,
  type InvoiceScheduleRecord,
  type OrderRecord,
  RECORD_ERROR_TYPES,
  type RecordError,
  type RecordOf,
  type SubscriptionRecord,
  toAccountRecord,
  toBillRunAccountRecord,
  toBillRunRecord,
  toCreditMemoRecord,
  toInvoiceRecord,
  toInvoiceScheduleRecord,
  toOrderRecord,
  toSubscriptionRecord,
  versionConflict,
} from './ports/records';
// ── the clock port (a fixed clock for tests and demos), and the time errors ──────────────────────────
export { type Clock, fixedClock } from './time/clock';
export { type InvalidDate, type InvalidTimeZone, TIME_ERROR_TYPES, type TimeError } from './time/errors';
