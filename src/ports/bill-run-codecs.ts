// The record codecs of bill runs (a union by kind) and of their accounts' parts; records.ts wraps them.
import type { BillRun, BillRunAccount } from '../domain/billing/bill-run';
import {
  bool,
  businessDate,
  type Codec,
  expecting,
  instant,
  integer,
  key,
  list,
  literal,
  nullable,
  oneOf,
  struct,
  text,
  union,
} from './codec';
import type { BillRunAccountRecord, BillRunRecord } from './records';

const quoted = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

const failureCodec = struct({ accountNumber: key, errorType: key, message: text });

const billRunHead = {
  targetDate: businessDate,
  createdAt: instant,
  accountNumbers: list(key),
  invoiceScheduleNumbers: list(key),
};

const billRunTail = {
  itemsProcessed: integer(0),
  invoiceNumbers: list(key),
  creditMemoNumbers: list(key),
  failures: list(failureCodec),
  version: integer(1),
};

const KINDS = ['BillRun', 'ScheduleExecution', 'AccountDocuments'] as const;

// The fields keep their order in every kind: id, number, kind, the head, the kind's own fields, status, tail.
const accountsBillRunCodec = struct({
  id: key,
  number: key,
  kind: expecting(literal('BillRun'), `one of ${quoted(KINDS)}`),
  ...billRunHead,
  includePausedSchedules: bool,
  status: oneOf(['Running', 'Completed', 'CompletedWithErrors']),
  ...billRunTail,
});

const scheduleExecutionCodec = struct({
  id: key,
  number: key,
  kind: literal('ScheduleExecution'),
  ...billRunHead,
  invoiceScheduleItemId: nullable(key),
  status: literal('Completed'),
  ...billRunTail,
});

const accountDocumentsCodec = struct({
  id: key,
  number: key,
  kind: literal('AccountDocuments'),
  ...billRunHead,
  status: literal('Completed'),
  ...billRunTail,
});

// A run's kind decides its fields: only an execution names an item, only a run over accounts is ever
// `Running` or says whether it bills paused schedules.
export const billRunCodec: Codec<BillRun, BillRunRecord> = union('kind', (kind) =>
  kind === 'ScheduleExecution'
    ? scheduleExecutionCodec
    : kind === 'AccountDocuments'
      ? accountDocumentsCodec
      : accountsBillRunCodec,
);

export const billRunAccountCodec: Codec<BillRunAccount, BillRunAccountRecord> = struct({
  billRunNumber: key,
  accountNumber: key,
  status: oneOf(['Billed', 'Failed']),
  itemsProcessed: integer(0),
  invoiceNumbers: list(key),
  creditMemoNumbers: list(key),
  failure: nullable(failureCodec),
  version: integer(1),
});
