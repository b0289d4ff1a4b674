// JSON Schemas (draft 2020-12) of the three main requests, written by hand from their parsers, for hosts that
// document an HTTP API (OpenAPI) or check a body before it reaches the library. The validators of
// ./validators.ts remain the authority: they also check what a schema cannot say (real calendar dates, an
// amount or a percentage but not both, amounts at the currency's scale, an order's numbers used twice), and
// the operations check the rest (a schedule's orders named twice, what needs the store). test/unit/json-schemas.test.ts keeps the two in step on the docs'
// examples.

/** A number, id, key or name: a string that is not blank, of at most 255 characters. */
const identifier = { type: 'string', minLength: 1, maxLength: 255, pattern: '\\S' } as const;
/** A business date `YYYY-MM-DD` (the parser also checks it is a real date). */
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
/** A decimal: a plain decimal string (preferred: `"1200.00"`) or a JSON number. */
const decimal = { type: ['string', 'number'], pattern: '^-?\\d+(\\.\\d+)?$' } as const;
const nullable = <const S>(schema: S) => ({ anyOf: [schema, { type: 'null' }] }) as const;
/** A list of numbers, at most `max` (`INPUT_LIMITS.listLength` unless the reference says less). */
const numbers = <const N extends number>(max: N) =>
  ({ type: 'array', maxItems: max, items: identifier }) as const;
/** Custom fields (issue 13, `CUSTOM_FIELD_LIMITS`): names ending in `__c`, JSON scalar values. */
const customFields = {
  type: 'object',
  maxProperties: 50,
  propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]*__c$', maxLength: 64 },
  additionalProperties: { type: ['string', 'number', 'boolean', 'null'], maxLength: 255 },
} as const;

/**
 * The JSON Schema (draft 2020-12) of a `createInvoiceSchedule` request (`CreateInvoiceScheduleInput`):
 * its fields, their types and formats, and the limits of the reference (§9: 10 orders, 50 items, 600
 * additional subscriptions, notes of 255 UTF-16 code units) and the lengths of `INPUT_LIMITS`. Unknown fields are
 * refused, as the operation refuses them. `parseCreateInvoiceScheduleRequest` checks more (a real date, an amount or
 * a percentage in each item, run dates in increasing order, an amount's size, a request's size: the list in
 * docs/guides/http-service.md, "JSON Schemas") and is the authority — also on lengths: a schema's `maxLength` counts characters (code
 * points), the library UTF-16 code units, so text with characters beyond U+FFFF (emoji) can pass the schema
 * and still be refused.
 * @example
 * ```ts
 * // In an OpenAPI document:
 * const requestBody = { content: { 'application/json': { schema: CREATE_INVOICE_SCHEDULE_REQUEST_SCHEMA } } };
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export const CREATE_INVOICE_SCHEDULE_REQUEST_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Create invoice schedule request',
  type: 'object',
  additionalProperties: false,
  required: ['accountNumber', 'orders', 'items'],
  properties: {
    accountNumber: identifier,
    orders: { type: 'array', minItems: 1, maxItems: 10, items: identifier },
    specificSubscriptions: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['orderNumber', 'subscriptionNumber'],
        properties: {
          orderNumber: identifier,
          subscriptionNumber: identifier,
          chargeNumbers: numbers(1000),
        },
      },
    },
    additionalSubscriptionsToBill: { ...numbers(600), uniqueItems: true },
    invoiceSeparately: { type: 'boolean' },
    notes: { type: 'string', maxLength: 255 },
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: {
        description: 'An amount or a percentage (not both); blank run dates only at the end.',
        type: 'object',
        additionalProperties: false,
        properties: {
          name: nullable(identifier),
          runDate: nullable(date),
          amount: nullable(decimal),
          percentage: nullable(decimal),
          targetDateForAdditionalSubscriptions: nullable(date),
          customFields,
        },
      },
    },
    customFields,
    idempotencyKey: identifier,
  },
} as const;

const charge = {
  type: 'object',
  additionalProperties: false,
  required: ['number', 'name', 'type'],
  properties: {
    number: identifier,
    name: identifier,
    type: { enum: ['OneTime', 'Recurring', 'DiscountPercentage'] },
    price: nullable(decimal),
    quantity: nullable(decimal),
    listPriceBase: nullable({ enum: ['BillingPeriod', 'Month', 'Year'] }),
    billingPeriod: nullable({
      enum: [
        'Month',
        'Quarter',
        'SemiAnnual',
        'Annual',
        'EighteenMonths',
        'TwoYears',
        'ThreeYears',
        'FiveYears',
        'SpecificMonths',
      ],
    }),
    specificBillingPeriodMonths: nullable({ type: 'integer', minimum: 1 }),
    discountPercentage: nullable(decimal),
    startDate: nullable(date),
    endDate: nullable(date),
  },
} as const;

const ratePlan = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'charges'],
  properties: {
    id: identifier,
    name: identifier,
    charges: { type: 'array', minItems: 1, maxItems: 1000, items: charge },
  },
} as const;

/** An action `{ type, subscriptionNumber, ...fields }` whose `fields` are all required. */
const action = <const T extends string, const P extends Record<string, unknown>>(type: T, fields: P) =>
  ({
    type: 'object',
    additionalProperties: false,
    required: ['type', 'subscriptionNumber', ...(Object.keys(fields) as (keyof P & string)[])],
    properties: { type: { const: type }, subscriptionNumber: identifier, ...fields },
  }) as const;

/**
 * The JSON Schema (draft 2020-12) of a `saveNewOrder` request (`CreateOrderInput`): the order, each of
 * its action types (on `type`), rate plans and charges, with the limits of `INPUT_LIMITS` (1,000 actions,
 * rate plans per action and charges per rate plan). Unknown fields are refused, as the parser refuses them.
 * `parseCreateOrderRequest` checks more (real dates, the fields each charge type needs, amounts at the
 * currency's scale, numbers and rate plan ids used twice, discounts over 100 %, terms and charge dates in order,
 * amounts' and quantities' digits: the list in docs/guides/http-service.md, "JSON Schemas") and is the authority.
 * @example
 * ```ts
 * const requestBody = { content: { 'application/json': { schema: CREATE_ORDER_REQUEST_SCHEMA } } };
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export const CREATE_ORDER_REQUEST_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Create order request',
  type: 'object',
  additionalProperties: false,
  required: ['number', 'accountNumber', 'orderDate', 'actions'],
  properties: {
    number: identifier,
    accountNumber: identifier,
    orderDate: date,
    status: nullable({ enum: ['Draft', 'Pending'] }),
    actions: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: {
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['type', 'subscriptionNumber', 'termType', 'termStart', 'ratePlans'],
            properties: {
              type: { const: 'CreateSubscription' },
              subscriptionNumber: identifier,
              invoiceOwnerAccountNumber: nullable(identifier),
              termType: { enum: ['Termed', 'Evergreen'] },
              termStart: date,
              termEnd: nullable(date),
              invoiceSeparately: nullable({ type: 'boolean' }),
              ratePlans: { type: 'array', minItems: 1, maxItems: 1000, items: ratePlan },
            },
            // A Termed subscription has a term end; an Evergreen one none (absent or null).
            anyOf: [
              { required: ['termEnd'], properties: { termType: { const: 'Termed' }, termEnd: date } },
              { properties: { termType: { const: 'Evergreen' }, termEnd: { type: 'null' } } },
            ],
          },
          action('RemoveProduct', { ratePlanId: identifier, effectiveDate: date }),
          action('CancelSubscription', { effectiveDate: date }),
          {
            type: 'object',
            additionalProperties: false,
            required: ['type', 'subscriptionNumber', 'chargeNumber', 'effectiveDate'],
            properties: {
              type: { const: 'UpdateProduct' },
              subscriptionNumber: identifier,
              chargeNumber: identifier,
              effectiveDate: date,
              price: nullable(decimal),
              quantity: nullable(decimal),
            },
            // A new price, a new quantity or both (null gives neither).
            anyOf: [
              { required: ['price'], properties: { price: decimal } },
              { required: ['quantity'], properties: { quantity: decimal } },
            ],
          },
          action('AddProduct', { ratePlan }),
          {
            type: 'object',
            additionalProperties: false,
            required: ['type', 'subscriptionNumber'],
            properties: {
              type: { const: 'TermsAndConditions' },
              subscriptionNumber: identifier,
              termStart: nullable(date),
              termEnd: nullable(date),
            },
            // A new term start, a new term end or both (null gives neither).
            anyOf: [
              { required: ['termStart'], properties: { termStart: date } },
              { required: ['termEnd'], properties: { termEnd: date } },
            ],
          },
          action('Renew', { renewalTermMonths: { type: 'integer', minimum: 1, maximum: 1200 } }),
          action('OwnerTransfer', { newOwnerAccountNumber: identifier }),
          action('Suspend', { effectiveDate: date }),
          action('Resume', { effectiveDate: date }),
        ],
      },
    },
  },
} as const;

/**
 * The JSON Schema (draft 2020-12) of a `runBillRun` (or `startBillRun`) request (`RunBillRunInput`):
 * an optional target date, filters of at most 1,000 account and 1,000 schedule numbers, and
 * `includePausedSchedules`. Unknown fields are refused, as the operation refuses them: a misspelt
 * `includePausedSchedule` is caught at the edge. `parseRunBillRunRequest` is the authority.
 * @example
 * ```ts
 * const requestBody = { content: { 'application/json': { schema: RUN_BILL_RUN_REQUEST_SCHEMA } } };
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export const RUN_BILL_RUN_REQUEST_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Run bill run request',
  type: 'object',
  additionalProperties: false,
  properties: {
    targetDate: date,
    accountNumbers: numbers(1000),
    invoiceScheduleNumbers: numbers(1000),
    includePausedSchedules: { type: 'boolean' },
    idempotencyKey: identifier,
  },
} as const;
