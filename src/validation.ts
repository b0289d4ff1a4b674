/**
 * `invoice-schedules/validation`: what an HTTP layer needs to check a request before calling an operation —
 * one validator per request (`unknown` in; the request, typed, or the operation's own first error out — the
 * operation's checks that need the store aside; never a throw) and JSON Schemas of the main requests. The operations run the same checks themselves: these are for
 * answering a client early, or for documenting an API.
 * @since 0.2.0
 */
export {
  CREATE_INVOICE_SCHEDULE_REQUEST_SCHEMA,
  CREATE_ORDER_REQUEST_SCHEMA,
  RUN_BILL_RUN_REQUEST_SCHEMA,
} from './operations/json-schemas';
export {
  parseActivateOrderRequest,
  parseBillAccountRequest,
  parseChargeSelectionRequest,
  parseCompleteBillRunRequest,
  parseCreateAccountRequest,
  parseCreateInvoiceScheduleRequest,
  parseCreateOrderRequest,
  parseCreditMemoKeyRequest,
  parseExecuteInvoiceScheduleRequest,
  parseGenerateBillingDocumentsRequest,
  parseInvoiceKeyRequest,
  parseInvoiceScheduleKeyRequest,
  parseRecordKey,
  parseRunBillRunRequest,
  parseUpdateInvoiceScheduleRequest,
} from './operations/validators';
