// Errors of order parsing and activation that both need (their types are in ../errors).
import type { BusinessDate } from '../../time/date';
import type { ChargeType } from '../contract/charge';
import { type DomainError, joinPath } from '../errors';

export function missingField(
  path: string,
  chargeNumber: string,
  chargeType: ChargeType,
  field: string,
): DomainError {
  return Object.freeze({
    type: 'MissingChargeField' as const,
    message: `${path}: charge ${chargeNumber} (${chargeType}) needs "${field}".`,
    path: joinPath(path, field),
    chargeNumber,
    chargeType,
    field,
  });
}

export function fieldNotAllowed(
  path: string,
  chargeNumber: string,
  chargeType: ChargeType,
  field: string,
): DomainError {
  return Object.freeze({
    type: 'ChargeFieldNotAllowed' as const,
    message: `${path}: "${field}" does not apply to charge ${chargeNumber} of type ${chargeType}; remove it.`,
    path: joinPath(path, field),
    chargeNumber,
    chargeType,
    field,
  });
}

export function termEndBeforeStart(
  path: string,
  termStart: BusinessDate,
  termEnd: BusinessDate,
): DomainError {
  return Object.freeze({
    type: 'TermEndBeforeStart' as const,
    message: `${path}: the term ends ${termEnd}, before it starts ${termStart}; the end is the inclusive last day of the term.`,
    path,
    termStart,
    termEnd,
  });
}
