// Activation: one pure handler per action type, applied to the activation state.
import { err, ok, type Result } from 'neverthrow';
import { addDays, addMonths, type BusinessDate, isAfter, isBefore, maxDate, minDate } from '../../time/date';
import { isRemovedCharge, type RatePlan, type RatePlanCharge } from '../contract/charge';
import type { Subscription } from '../contract/subscription';
import { type DomainError, frozenCopy, joinPath } from '../errors';
import {
  type ActionHandler,
  type ActivationState,
  chargeNumberOwner,
  target,
  withChanged,
  withSubscription,
} from './activation-state';
import { chargeAlreadyExists, chargeOutsideTerm, fieldNotAllowed, termEndBeforeStart } from './errors';
import type {
  AddProductAction,
  CancelSubscriptionAction,
  CreateSubscriptionAction,
  OrderAction,
  OrderActionType,
  OwnerTransferAction,
  RemoveProductAction,
  RenewAction,
  ResumeAction,
  SuspendAction,
  TermsAndConditionsAction,
  UpdateProductAction,
} from './model';

const activateCreateSubscription: ActionHandler<CreateSubscriptionAction> = (state, action, path) => {
  if (state.subscriptions.has(action.subscriptionNumber)) {
    return err(
      Object.freeze({
        type: 'SubscriptionAlreadyExists' as const,
        message: `${path}: subscription ${action.subscriptionNumber} already exists; choose a new subscription number or change the existing subscription with another action.`,
        path: joinPath(path, 'subscriptionNumber'),
        subscriptionNumber: action.subscriptionNumber,
      }),
    );
  }
  for (const sub of state.subscriptions.values()) {
    for (const [p, ratePlan] of action.ratePlans.entries()) {
      for (const [c, charge] of ratePlan.charges.entries()) {
        if (sub.ratePlans.some((rp) => rp.charges.some((existing) => existing.number === charge.number))) {
          const numberPath = joinPath(
            joinPath(joinPath(joinPath(joinPath(path, 'ratePlans'), p), 'charges'), c),
            'number',
          );
          return err(chargeAlreadyExists(path, numberPath, charge.number, sub.number));
        }
      }
    }
  }
  return ok(
    withSubscription(state, {
      number: action.subscriptionNumber,
      accountNumber: action.invoiceOwnerAccountNumber ?? state.order.accountNumber,
      currency: state.order.currency,
      termType: action.termType,
      termStart: action.termStart,
      termEnd: action.termEnd,
      status: 'Active',
      invoiceSeparately: action.invoiceSeparately,
      ratePlans: frozenCopy(action.ratePlans),
      createdByOrder: state.order.number,
      version: 1,
    }),
  );
};

/**
 * A charge as it is after a removal effective `effectiveDate` (§8.4): it ends the day before, never later than
 * its current end; removed on or before its start it ends the day before its start (worth 0). A one-time charge
 * is credited back in full whatever the date (§4.2 rule 12), so it too ends the day before its start. A charge
 * removed entirely keeps the effective date (`removalEffectiveDate`): its credit is due then (§8.4, decision 19),
 * which its end date no longer tells.
 */
function removeCharge(charge: RatePlanCharge, effectiveDate: BusinessDate): RatePlanCharge {
  if (isRemovedCharge(charge)) {
    // Removed again, effective earlier (a cancellation backdated past an earlier removal): its credit is due
    // from the earlier date, as a charge cut short again ends earlier.
    const was = charge.removalEffectiveDate;
    return was !== undefined && isBefore(effectiveDate, was)
      ? { ...charge, removalEffectiveDate: effectiveDate }
      : charge;
  }
  const removed = addDays(charge.startDate, -1);
  const endDate =
    charge.type === 'OneTime'
      ? removed
      : maxDate(removed, minDate(charge.endDate, addDays(effectiveDate, -1)));
  if (endDate === charge.endDate) return charge;
  return endDate === removed
    ? { ...charge, endDate, removalEffectiveDate: effectiveDate }
    : { ...charge, endDate };
}

const removeRatePlan = (ratePlan: RatePlan, effectiveDate: BusinessDate): RatePlan => ({
  ...ratePlan,
  charges: ratePlan.charges.map((c) => removeCharge(c, effectiveDate)),
});

const activateRemoveProduct: ActionHandler<RemoveProductAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) => {
    if (!sub.ratePlans.some((rp) => rp.id === action.ratePlanId)) {
      return err(
        Object.freeze({
          type: 'UnknownRatePlan' as const,
          message: `${path}: subscription ${sub.number} has no rate plan ${action.ratePlanId}; its rate plans are ${sub.ratePlans.map((rp) => rp.id).join(', ')}.`,
          path: joinPath(path, 'ratePlanId'),
          subscriptionNumber: sub.number,
          ratePlanId: action.ratePlanId,
        }),
      );
    }
    const ratePlans = sub.ratePlans.map((rp) =>
      rp.id === action.ratePlanId ? removeRatePlan(rp, action.effectiveDate) : rp,
    );
    return ok(withChanged(state, sub, { ...sub, ratePlans }));
  });

const activateCancelSubscription: ActionHandler<CancelSubscriptionAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).map((sub) => {
    // The term ends the day before the cancellation, within [termStart − 1 (nothing left), current end].
    const termEnd =
      sub.termEnd === null
        ? null
        : maxDate(addDays(sub.termStart, -1), minDate(sub.termEnd, addDays(action.effectiveDate, -1)));
    return withChanged(state, sub, {
      ...sub,
      status: 'Cancelled',
      termEnd,
      ratePlans: sub.ratePlans.map((rp) => removeRatePlan(rp, action.effectiveDate)),
    });
  });

const activateUpdateProduct: ActionHandler<UpdateProductAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) => {
    const found = sub.ratePlans.flatMap((rp) => rp.charges).find((c) => c.number === action.chargeNumber);
    if (found === undefined) {
      return err(
        Object.freeze({
          type: 'UnknownCharge' as const,
          message: `${path}: subscription ${sub.number} has no charge ${action.chargeNumber}.`,
          path: joinPath(path, 'chargeNumber'),
          subscriptionNumber: sub.number,
          chargeNumber: action.chargeNumber,
        }),
      );
    }
    if (action.effectiveDate !== found.startDate) {
      return err(
        Object.freeze({
          type: 'UpdateProductNotFromChargeStart' as const,
          message: `${path}: charge ${found.number} starts ${found.startDate}; its price or quantity can only change from its start (§8.5), not from ${action.effectiveDate}. Use effectiveDate ${found.startDate}, or remove the product and add a new one from ${action.effectiveDate}.`,
          path: joinPath(path, 'effectiveDate'),
          subscriptionNumber: sub.number,
          chargeNumber: found.number,
          effectiveDate: action.effectiveDate,
          chargeStartDate: found.startDate,
        }),
      );
    }
    if (found.type === 'DiscountPercentage') {
      return err(
        fieldNotAllowed(path, found.number, found.type, action.price === undefined ? 'quantity' : 'price'),
      );
    }
    const updated: RatePlanCharge = {
      ...found,
      ...(action.price === undefined ? {} : { price: action.price }),
      ...(action.quantity === undefined ? {} : { quantity: action.quantity }),
    };
    const ratePlans = sub.ratePlans.map((rp) => ({
      ...rp,
      charges: rp.charges.map((c) => (c.number === found.number ? updated : c)),
    }));
    return ok(withChanged(state, sub, { ...sub, ratePlans }));
  });

const activateAddProduct: ActionHandler<AddProductAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) => {
    const planPath = joinPath(path, 'ratePlan');
    if (sub.ratePlans.some((rp) => rp.id === action.ratePlan.id)) {
      return err(
        Object.freeze({
          type: 'RatePlanAlreadyExists' as const,
          message: `${planPath}: subscription ${sub.number} already has a rate plan ${action.ratePlan.id}; give the new rate plan another id.`,
          path: joinPath(planPath, 'id'),
          subscriptionNumber: sub.number,
          ratePlanId: action.ratePlan.id,
        }),
      );
    }
    for (const [c, charge] of action.ratePlan.charges.entries()) {
      const chargePath = joinPath(joinPath(planPath, 'charges'), c);
      const owner = chargeNumberOwner(state, charge.number);
      if (owner !== undefined) {
        return err(
          chargeAlreadyExists(chargePath, joinPath(chargePath, 'number'), charge.number, owner.number),
        );
      }
      if (isBefore(charge.startDate, sub.termStart)) {
        return err(chargeOutsideTerm(joinPath(chargePath, 'startDate'), charge, sub.termStart, sub.termEnd));
      }
      if (sub.termEnd !== null && isAfter(charge.endDate, sub.termEnd)) {
        return err(chargeOutsideTerm(joinPath(chargePath, 'endDate'), charge, sub.termStart, sub.termEnd));
      }
    }
    return ok(withChanged(state, sub, { ...sub, ratePlans: [...sub.ratePlans, action.ratePlan] }));
  });

function termedRequired(path: string, sub: Subscription, actionType: OrderActionType): DomainError {
  return Object.freeze({
    type: 'TermedSubscriptionRequired' as const,
    message: `${path}: subscription ${sub.number} is evergreen; ${actionType} needs a termed subscription with a term end.`,
    path: joinPath(path, 'subscriptionNumber'),
    subscriptionNumber: sub.number,
    actionType,
  });
}

const activateTermsAndConditions: ActionHandler<TermsAndConditionsAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) => {
    if (action.termEnd !== undefined && sub.termEnd === null) {
      return err(termedRequired(path, sub, action.type));
    }
    const termStart = action.termStart ?? sub.termStart;
    const termEnd = action.termEnd ?? sub.termEnd;
    const endPath = joinPath(path, 'termEnd');
    const startPath = joinPath(path, 'termStart');
    if (termEnd !== null && isBefore(termEnd, termStart)) {
      return err(termEndBeforeStart(action.termEnd === undefined ? startPath : endPath, termStart, termEnd));
    }
    // Charges that ended with the term follow a new term end (extended or shrunk); a new term start moves no
    // charge. Charges that ended before the new term start belong to an earlier term (early renewal, §8.7).
    // A rate plan this order removed before this action stays where the removal put it, even on the old term
    // end: "remove on term end, extend, add back" is the supported ramp / term extension (§8.7, §8.9, C29).
    const index = state.order.actions.indexOf(action);
    const removedHere = new Set(
      state.order.actions
        .slice(0, index === -1 ? 0 : index)
        .flatMap((a) =>
          a.type === 'RemoveProduct' && a.subscriptionNumber === sub.number ? [a.ratePlanId] : [],
        ),
    );
    const ratePlans: RatePlan[] = [];
    for (const rp of sub.ratePlans) {
      const charges: RatePlanCharge[] = [];
      for (const charge of rp.charges) {
        if (isRemovedCharge(charge)) {
          charges.push(charge);
          continue;
        }
        const follows =
          !removedHere.has(rp.id) &&
          action.termEnd !== undefined &&
          sub.termEnd !== null &&
          charge.endDate === sub.termEnd;
        const moved = follows && termEnd !== null ? { ...charge, endDate: termEnd } : charge;
        if (isRemovedCharge(moved)) return err(chargeOutsideTerm(endPath, moved, termStart, termEnd));
        if (isBefore(moved.endDate, termStart)) {
          charges.push(moved);
          continue;
        }
        if (isBefore(moved.startDate, termStart)) {
          return err(chargeOutsideTerm(startPath, moved, termStart, termEnd));
        }
        if (termEnd !== null && isAfter(moved.endDate, termEnd)) {
          return err(chargeOutsideTerm(endPath, moved, termStart, termEnd));
        }
        charges.push(moved);
      }
      ratePlans.push({ ...rp, charges });
    }
    return ok(withChanged(state, sub, { ...sub, termStart, termEnd, ratePlans }));
  });

/** Charges a renewal continues: recurring charges and recurring (periodic) percentage discounts. */
const renews = (charge: RatePlanCharge): boolean =>
  charge.type === 'Recurring' || (charge.type === 'DiscountPercentage' && charge.billingPeriod !== null);

const RENEWAL_SUFFIX = /^(.+)-R(\d+)$/;

const activateRenew: ActionHandler<RenewAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) => {
    const oldEnd = sub.termEnd;
    if (oldEnd === null) return err(termedRequired(path, sub, action.type));
    const start = addDays(oldEnd, 1);
    const termEnd = addDays(addMonths(start, action.renewalTermMonths), -1);
    const own = new Set(sub.ratePlans.flatMap((rp) => rp.charges.map((c) => c.number)));
    const taken = new Set<string>();
    // A renewal segment of a renewal segment (C1-R1) continues the original charge's numbering (C1-R2).
    const segmentNumber = (number: string): string => {
      const m = RENEWAL_SUFFIX.exec(number);
      const root = m?.[1] !== undefined && own.has(m[1]) ? m[1] : number;
      for (let n = 1; ; n += 1) {
        const candidate = `${root}-R${n}`;
        if (!taken.has(candidate) && chargeNumberOwner(state, candidate) === undefined) {
          taken.add(candidate);
          return candidate;
        }
      }
    };
    const ratePlans = sub.ratePlans.map((rp) => ({
      ...rp,
      charges: rp.charges.flatMap((charge) =>
        !isRemovedCharge(charge) && renews(charge) && charge.endDate === oldEnd
          ? [charge, { ...charge, number: segmentNumber(charge.number), startDate: start, endDate: termEnd }]
          : [charge],
      ),
    }));
    return ok(withChanged(state, sub, { ...sub, termEnd, ratePlans }));
  });

const activateOwnerTransfer: ActionHandler<OwnerTransferAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).map((sub) =>
    withChanged(
      state,
      sub,
      sub.accountNumber === action.newOwnerAccountNumber
        ? sub
        : {
            ...sub,
            accountNumber: action.newOwnerAccountNumber,
            // Decision 17: the billing history stays findable on the accounts that owned it.
            previousAccountNumbers: Object.freeze([
              ...(sub.previousAccountNumbers ?? []).filter((n) => n !== sub.accountNumber),
              sub.accountNumber,
            ]),
          },
    ),
  );

/** Suspend and Resume: parsed, never applied — the library does not model suspension (see docs). */
const refuseSuspension: ActionHandler<SuspendAction | ResumeAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) =>
    err(
      Object.freeze({
        type: 'ActionNotSupported' as const,
        message: `${path}: ${action.type} is not supported: the library does not model suspended subscriptions. Cancel the subscription (CancelSubscription) or remove its products instead, and add them back later.`,
        path: joinPath(path, 'type'),
        actionType: action.type,
        subscriptionNumber: sub.number,
      }),
    ),
  );

/** One handler per action type: adding an action to the union without a handler is a compile error. */
const ACTION_HANDLERS: { readonly [K in OrderActionType]: ActionHandler<Extract<OrderAction, { type: K }>> } =
  Object.freeze({
    CreateSubscription: activateCreateSubscription,
    RemoveProduct: activateRemoveProduct,
    CancelSubscription: activateCancelSubscription,
    UpdateProduct: activateUpdateProduct,
    AddProduct: activateAddProduct,
    TermsAndConditions: activateTermsAndConditions,
    Renew: activateRenew,
    OwnerTransfer: activateOwnerTransfer,
    Suspend: refuseSuspension,
    Resume: refuseSuspension,
  });

export function applyAction(
  state: ActivationState,
  action: OrderAction,
  path: string,
): Result<ActivationState, DomainError> {
  // The mapped type pairs each action with its handler; TypeScript cannot correlate the two, hence the cast.
  const handler = ACTION_HANDLERS[action.type] as ActionHandler<OrderAction>;
  return handler(state, action, path);
}
