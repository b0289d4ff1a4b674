// Errors of order parsing and activation that both need (their types are in ../errors).
import type { BusinessDate } from '../../time/date';
import type { ChargeType, RatePlan } from '../contract/charge';
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

/**
 * A charge whose dates do not lie inside its subscription's term. `path` prefixes the message; the
 * error's `path` is `path` itself, or its `field` (`startDate`, `endDate`) when given.
 */
export function chargeOutsideTerm(
  path: string,
  charge: { readonly number: string; readonly startDate: BusinessDate; readonly endDate: BusinessDate },
  termStart: BusinessDate,
  termEnd: BusinessDate | null,
  field?: 'startDate' | 'endDate',
): DomainError {
  const range = `${termStart} → ${termEnd ?? '(evergreen)'}`;
  return Object.freeze({
    type: 'ChargeOutsideTerm' as const,
    message: `${path}: charge ${charge.number} runs ${charge.startDate} → ${charge.endDate}, outside the subscription term ${range}; move its dates inside the term.`,
    path: field === undefined ? path : joinPath(path, field),
    chargeNumber: charge.number,
    startDate: charge.startDate,
    endDate: charge.endDate,
    termStart,
    termEnd,
  });
}

/** `path` prefixes the message (the action or the charge); `numberPath`, the charge's `number`, is the error's `path`. */
export function chargeAlreadyExists(
  path: string,
  numberPath: string,
  chargeNumber: string,
  subscriptionNumber: string,
): DomainError {
  return Object.freeze({
    type: 'ChargeAlreadyExists' as const,
    message: `${path}: charge number ${chargeNumber} is already used by subscription ${subscriptionNumber}; charge numbers are unique across subscriptions.`,
    path: numberPath,
    chargeNumber,
    subscriptionNumber,
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

/**
 * A rate plan whose id its subscription already has: `planPath` locates the new rate plan (the error's `path` is
 * its `id`), `firstPath` the rate plan of the same order that uses the id first, when there is one.
 */
export function ratePlanAlreadyExists(
  planPath: string,
  subscriptionNumber: string,
  ratePlanId: string,
  firstPath?: string,
): DomainError {
  const where = firstPath === undefined ? 'already has' : `already has, at ${firstPath},`;
  return Object.freeze({
    type: 'RatePlanAlreadyExists' as const,
    message: `${planPath}: subscription ${subscriptionNumber} ${where} a rate plan ${ratePlanId}; rate plan ids are unique within a subscription (Remove Product finds rate plans by id), so give the new rate plan another id.`,
    path: joinPath(planPath, 'id'),
    subscriptionNumber,
    ratePlanId,
  });
}

/**
 * The first rate plan of a new subscription (`path`: its Create Subscription action) that repeats the id of an
 * earlier one, as a `RatePlanAlreadyExists`; `undefined` when the ids are unique. Two plans with one id would
 * both be replaced by a Remove Product of that id, losing the second plan's charges.
 */
export function duplicateRatePlanId(
  ratePlans: readonly RatePlan[],
  path: string,
  subscriptionNumber: string,
): DomainError | undefined {
  const firstPaths = new Map<string, string>();
  for (const [i, ratePlan] of ratePlans.entries()) {
    const planPath = joinPath(joinPath(path, 'ratePlans'), i);
    const firstPath = firstPaths.get(ratePlan.id);
    if (firstPath !== undefined) {
      return ratePlanAlreadyExists(planPath, subscriptionNumber, ratePlan.id, firstPath);
    }
    firstPaths.set(ratePlan.id, planPath);
  }
  return undefined;
}
