// Activation: one pure handler per action type, applied to the activation state.
import { err, ok, type Result } from 'neverthrow';
import { getCurrency } from '../../money/currency';
import {
  addDays,
  type BusinessDate,
  dayAfter,
  dayBefore,
  isAfter,
  isBefore,
  isOnOrAfter,
  lastDayOfMonths,
  minDate,
  toParts,
} from '../../time/date';
import { isRemovedCharge, type RatePlan, type RatePlanCharge } from '../contract/charge';
import { findCharge, type Subscription } from '../contract/subscription';
import { type DomainError, frozenCopy, type InvalidInput, invalidInput, joinPath } from '../errors';
import {
  type ActionHandler,
  type ActivationState,
  type ChargeOwner,
  chargeOwners,
  target,
  withChanged,
  withSubscription,
} from './activation-state';
import { chargeValueTooLarge } from './charge-size';
import {
  chargeAlreadyExists,
  chargeOutsideTerm,
  duplicateRatePlanId,
  fieldNotAllowed,
  ratePlanAlreadyExists,
  termEndBeforeStart,
} from './errors';
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
import { discountCoversPartOfCharge } from './parse-rate-plan';

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
  // Checked by createOrder too; again here for an order saved before that check (or built by hand).
  const duplicate = duplicateRatePlanId(action.ratePlans, path, action.subscriptionNumber);
  if (duplicate !== undefined) return err(duplicate);
  // Likewise a discount covering part of a charge (an order saved before 0.2.0): it cannot be valued.
  for (const [p, ratePlan] of action.ratePlans.entries()) {
    const partial = discountCoversPartOfCharge(ratePlan, joinPath(joinPath(path, 'ratePlans'), p));
    if (partial !== null) return err(partial);
  }
  // The charge of the first subscription (in the state's order) that uses one of the action's charge numbers, its
  // first such charge in the action's order: as a scan of each subscription in turn would find it.
  const owners = chargeOwners(
    state,
    action.ratePlans.flatMap((rp) => rp.charges.map((c) => c.number)),
  );
  let taken: {
    readonly owner: ChargeOwner;
    readonly p: number;
    readonly c: number;
    readonly number: string;
  } | null = null;
  for (const [p, ratePlan] of action.ratePlans.entries()) {
    for (const [c, charge] of ratePlan.charges.entries()) {
      const owner = owners.get(charge.number);
      if (owner !== undefined && (taken === null || owner.at < taken.owner.at)) {
        taken = { owner, p, c, number: charge.number };
      }
    }
  }
  if (taken !== null) {
    const numberPath = joinPath(
      joinPath(joinPath(joinPath(joinPath(path, 'ratePlans'), taken.p), 'charges'), taken.c),
      'number',
    );
    return err(chargeAlreadyExists(path, numberPath, taken.number, taken.owner.subscription.number));
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

/** The supported years, as error messages name them (`BusinessDate`). */
const SUPPORTED_YEARS = 'the supported years 0001–9999';

/**
 * A removal as its action gives it, for the errors of a date it cannot reach: the action's path, the effective
 * date, and the field that names what is removed (`ratePlanId` of Remove Product, `subscriptionNumber` of Cancel
 * Subscription), which a one-time charge's refusal points at: no effective date would do for it.
 */
interface Removal {
  readonly path: string;
  readonly subscriptionNumber: string;
  readonly effectiveDate: BusinessDate;
  readonly target: { readonly field: 'ratePlanId' | 'subscriptionNumber'; readonly value: string };
}

/**
 * A charge starting 0001-01-01 that a removal would end the day before its start: 0000-12-31 is outside the
 * supported years, so the order is refused before anything is saved. A recurring charge can be removed from any
 * later date; a one-time charge is removed only by crediting it back in full (§4.2 rule 12), so not at all.
 */
function removedBeforeFirstDay(charge: RatePlanCharge, removal: Removal): InvalidInput {
  const which = `charge ${charge.number} of subscription ${removal.subscriptionNumber}`;
  if (charge.type === 'OneTime') {
    return invalidInput(
      joinPath(removal.path, removal.target.field),
      `no removal of one-time charge ${charge.number} of subscription ${removal.subscriptionNumber}: it starts ${charge.startDate}, and a removal credits a one-time charge back in full by ending it the day before its start, which is before ${SUPPORTED_YEARS}; ${removal.target.field === 'ratePlanId' ? 'leave this rate plan as it is' : "remove the subscription's other rate plans (RemoveProduct) instead of cancelling it"}`,
      removal.target.value,
    );
  }
  return invalidInput(
    joinPath(removal.path, 'effectiveDate'),
    `an effective date after ${charge.startDate}: ${which} starts ${charge.startDate}, and a removal on or before its start ends it the day before, which is before ${SUPPORTED_YEARS}`,
    removal.effectiveDate,
  );
}

/**
 * A charge as it is after a removal effective `effectiveDate` (§8.4): it ends the day before, never later than
 * its current end; removed on or before its start it ends the day before its start (worth 0). A one-time charge
 * is credited back in full whatever the date (§4.2 rule 12), so it too ends the day before its start. The charge
 * keeps the earliest effective date of its removals (`removalEffectiveDate`): a charge removed entirely has its
 * credit due then (§8.4, decision 19), which its end date no longer tells, and no later order carries a removed
 * charge to or past it (a Terms and Conditions term end, a Renew: §8.7, C29 Ex.4), which a removal effective
 * the day after the charge's end, leaving its dates as they were, would otherwise not tell. Only the day the
 * result needs is worked out, so a removal effective 0001-01-01 of a later charge, or a later removal of a
 * charge starting 0001-01-01, is a removal like any other; a charge starting 0001-01-01 removed entirely is
 * refused (see `removedBeforeFirstDay`).
 */
function removeCharge(charge: RatePlanCharge, removal: Removal): Result<RatePlanCharge, InvalidInput> {
  const { effectiveDate } = removal;
  const was = charge.removalEffectiveDate;
  // Removed again: the earlier date holds (a cancellation backdated past an earlier removal moves it earlier).
  const removedFrom = was !== undefined && !isBefore(effectiveDate, was) ? was : effectiveDate;
  if (isRemovedCharge(charge)) {
    // Removed entirely already. A record written before 0.2.0 has no date: its credit stays due at its start.
    return ok(
      was === undefined || removedFrom === was ? charge : { ...charge, removalEffectiveDate: removedFrom },
    );
  }
  if (charge.type !== 'OneTime' && isAfter(effectiveDate, charge.startDate)) {
    // Cut short (or, effective after its end, left as it was): the effective date is after the start, so the
    // day before it is a supported day, and the charge's start or later (a charge not removed ends on or after
    // its start).
    const endDate = minDate(charge.endDate, addDays(effectiveDate, -1));
    return ok(
      endDate === charge.endDate && removedFrom === was
        ? charge
        : { ...charge, endDate, removalEffectiveDate: removedFrom },
    );
  }
  const removed = dayBefore(charge.startDate);
  if (removed === null) return err(removedBeforeFirstDay(charge, removal));
  return ok({ ...charge, endDate: removed, removalEffectiveDate: effectiveDate });
}

/**
 * The end a charge gets when it follows a later end (a new term end, a renewal term): `end`, or the day before
 * its removal when that comes first (`removalEffectiveDate`, §8.4): a removed rate plan never comes back.
 * `null` when nothing of the charge is left by then (removed on or before `from`, the first day it would run).
 */
function endUntilRemoval(charge: RatePlanCharge, from: BusinessDate, end: BusinessDate): BusinessDate | null {
  const removedFrom = charge.removalEffectiveDate;
  if (removedFrom === undefined) return end;
  if (!isAfter(removedFrom, from)) return null;
  return minDate(end, addDays(removedFrom, -1));
}

/**
 * `remove` of each item, in order, or the first error: a removal goes through a rate plan's charges (Remove
 * Product) and a cancelled subscription's rate plans (Cancel Subscription) this way, so both stop at the first
 * charge that cannot be removed and report that one.
 */
function removeEach<T, E>(items: readonly T[], remove: (item: T) => Result<T, E>): Result<T[], E> {
  const removed: T[] = [];
  for (const item of items) {
    const result = remove(item);
    if (result.isErr()) return err(result.error);
    removed.push(result.value);
  }
  return ok(removed);
}

/** A rate plan after a removal: each of its charges removed (see `removeCharge`). */
function removeRatePlan(ratePlan: RatePlan, removal: Removal): Result<RatePlan, InvalidInput> {
  return removeEach(ratePlan.charges, (charge) => removeCharge(charge, removal)).map((charges) => ({
    ...ratePlan,
    charges,
  }));
}

const activateRemoveProduct: ActionHandler<RemoveProductAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) => {
    const plan = sub.ratePlans.find((rp) => rp.id === action.ratePlanId);
    if (plan === undefined) {
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
    const removed = removeRatePlan(plan, {
      path,
      subscriptionNumber: sub.number,
      effectiveDate: action.effectiveDate,
      target: { field: 'ratePlanId', value: action.ratePlanId },
    });
    if (removed.isErr()) return err(removed.error);
    const ratePlans = sub.ratePlans.map((rp) => (rp.id === action.ratePlanId ? removed.value : rp));
    return ok(withChanged(state, sub, { ...sub, ratePlans }));
  });

const activateCancelSubscription: ActionHandler<CancelSubscriptionAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) => {
    // The term ends the day before the cancellation, within [termStart − 1 (nothing left), current end]. Only
    // the day the result needs is worked out (see removeCharge).
    let termEnd = sub.termEnd;
    if (termEnd !== null) {
      const cut = isAfter(action.effectiveDate, sub.termStart)
        ? minDate(termEnd, addDays(action.effectiveDate, -1))
        : null;
      if (cut !== null && isOnOrAfter(cut, sub.termStart)) {
        termEnd = cut;
      } else {
        const nothingLeft = dayBefore(sub.termStart);
        if (nothingLeft === null) {
          return err(
            invalidInput(
              joinPath(path, 'effectiveDate'),
              `an effective date after ${sub.termStart}: subscription ${sub.number}'s term starts ${sub.termStart}, and a cancellation on or before the term start ends the term the day before, which is before ${SUPPORTED_YEARS}`,
              action.effectiveDate,
            ),
          );
        }
        termEnd = nothingLeft;
      }
    }
    const removal: Removal = {
      path,
      subscriptionNumber: sub.number,
      effectiveDate: action.effectiveDate,
      target: { field: 'subscriptionNumber', value: sub.number },
    };
    return removeEach(sub.ratePlans, (rp) => removeRatePlan(rp, removal)).map((ratePlans) =>
      withChanged(state, sub, { ...sub, status: 'Cancelled', termEnd, ratePlans }),
    );
  });

const activateUpdateProduct: ActionHandler<UpdateProductAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) => {
    const found = findCharge(sub, action.chargeNumber)?.charge;
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
    // The updated charge's value must be an amount, as a new charge's is when its order is saved (docs/concepts/
    // money.md "Size"). Checked here, not when the order is parsed: the charge's dates and price base (and the
    // price or quantity the action keeps) are the subscription's, known only now.
    // The field to lower: the quantity when the action sets one (the price too: both are named).
    const changed = action.quantity === undefined ? 'price' : 'quantity';
    const named =
      action.price !== undefined && action.quantity !== undefined ? 'price and quantity' : changed;
    const tooLarge = sizeCheck(
      sub,
      updated,
      joinPath(path, changed),
      ` with the new ${named}`,
      'lower the price or quantity',
    );
    if (tooLarge !== null) return err(tooLarge);
    // Only the plans holding the charge are copied (review 211: 1,000 Update Products on a subscription of 1,000
    // plans copied every plan for each, a million objects).
    const ratePlans = sub.ratePlans.map((rp) =>
      rp.charges.some((c) => c.number === found.number)
        ? { ...rp, charges: rp.charges.map((c) => (c.number === found.number ? updated : c)) }
        : rp,
    );
    return ok(withChanged(state, sub, { ...sub, ratePlans }));
  });

const activateAddProduct: ActionHandler<AddProductAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) => {
    const planPath = joinPath(path, 'ratePlan');
    if (sub.ratePlans.some((rp) => rp.id === action.ratePlan.id)) {
      return err(ratePlanAlreadyExists(planPath, sub.number, action.ratePlan.id));
    }
    // Checked when the order is saved; again here for an order saved before that check (0.2.0).
    const partial = discountCoversPartOfCharge(action.ratePlan, planPath);
    if (partial !== null) return err(partial);
    const owners = chargeOwners(
      state,
      action.ratePlan.charges.map((c) => c.number),
    );
    for (const [c, charge] of action.ratePlan.charges.entries()) {
      const chargePath = joinPath(joinPath(planPath, 'charges'), c);
      const owner = owners.get(charge.number)?.subscription;
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

/**
 * The size limit of amounts on a stored charge whose value an action changed (see {@link chargeValueTooLarge}):
 * `null` when it fits. A subscription's currency was checked when it was created; an unknown one (a record
 * written by hand) is its own error.
 */
function sizeCheck(
  sub: Subscription,
  charge: RatePlanCharge,
  field: string,
  change: string,
  remedy: string,
): DomainError | null {
  const currency = getCurrency(sub.currency);
  if (currency.isErr()) return currency.error;
  return chargeValueTooLarge(charge, currency.value, field, change, remedy);
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
    // A removed rate plan (by this order or an earlier one) follows only up to the day before its removal, so
    // a removal effective the day after the old term end keeps it where it is: "remove on term end, extend,
    // add back" is the supported ramp / term extension (§8.7, §8.9, C29 Ex.4), in one order or in several.
    const ratePlans: RatePlan[] = [];
    for (const rp of sub.ratePlans) {
      const charges: RatePlanCharge[] = [];
      for (const charge of rp.charges) {
        if (isRemovedCharge(charge)) {
          charges.push(charge);
          continue;
        }
        const follows =
          action.termEnd !== undefined && sub.termEnd !== null && charge.endDate === sub.termEnd;
        const endDate =
          follows && termEnd !== null
            ? (endUntilRemoval(charge, charge.startDate, termEnd) ?? charge.endDate)
            : charge.endDate;
        const moved = endDate === charge.endDate ? charge : { ...charge, endDate };
        if (isRemovedCharge(moved)) return err(chargeOutsideTerm(endPath, moved, termStart, termEnd));
        if (moved !== charge) {
          const tooLarge = sizeCheck(
            sub,
            moved,
            endPath,
            ' with the new term end',
            'shorten the term or lower the price or quantity',
          );
          if (tooLarge !== null) return err(tooLarge);
        }
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

/** The longest renewal, in months, from `start` whose term ends by 9999-12-31 (0 from mid-December 9999 on). */
function longestRenewal(start: BusinessDate): number {
  const { year, month } = toParts(start);
  // From the month of `start` to 10000-01; one month less when the day of `start` is not the 1st.
  let months = 10000 * 12 - (year * 12 + month - 1);
  while (months > 0 && lastDayOfMonths(start, months) === null) months -= 1;
  return months;
}

/**
 * A renewal whose term would end after 9999-12-31 (or start after it: the term ends on that day). Refused with
 * the longest renewal that fits, so the caller knows what to ask for instead.
 */
function renewalPastLastDay(
  path: string,
  sub: Subscription,
  oldEnd: BusinessDate,
  start: BusinessDate | null,
  action: RenewAction,
): InvalidInput {
  const longest = start === null ? 0 : longestRenewal(start);
  const expected =
    longest > 0
      ? `at most ${longest} months: subscription ${sub.number}'s renewal starts ${start}, and its term must end by 9999-12-31, the last day of ${SUPPORTED_YEARS}`
      : `no renewal of subscription ${sub.number}: its term ends ${oldEnd}, and even a renewal of one month would end after 9999-12-31, the last day of ${SUPPORTED_YEARS}; end the term earlier first (TermsAndConditions) or leave the Renew action out`;
  return invalidInput(joinPath(path, 'renewalTermMonths'), expected, action.renewalTermMonths);
}

/** Charges a renewal continues: recurring charges and recurring (periodic) percentage discounts. */
const renews = (charge: RatePlanCharge): boolean =>
  charge.type === 'Recurring' || (charge.type === 'DiscountPercentage' && charge.billingPeriod !== null);

const RENEWAL_SUFFIX = /^(.+)-R(\d+)$/;

const activateRenew: ActionHandler<RenewAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) => {
    const oldEnd = sub.termEnd;
    if (oldEnd === null) return err(termedRequired(path, sub, action.type));
    const start = dayAfter(oldEnd);
    const termEnd = start === null ? null : lastDayOfMonths(start, action.renewalTermMonths);
    if (start === null || termEnd === null) return err(renewalPastLastDay(path, sub, oldEnd, start, action));
    const own = new Set(sub.ratePlans.flatMap((rp) => rp.charges.map((c) => c.number)));
    // Every charge number in use, read once per renewal, and where each root's search for a free suffix is:
    // a search per candidate over every charge made an order of 1,000 one-month renewals take seconds (cubic).
    const used = new Set<string>();
    for (const s of state.subscriptions.values())
      for (const rp of s.ratePlans) for (const c of rp.charges) used.add(c.number);
    const nextSuffix = new Map<string, number>();
    // A renewal segment of a renewal segment (C1-R1) continues the original charge's numbering (C1-R2).
    const segmentNumber = (number: string): string => {
      const m = RENEWAL_SUFFIX.exec(number);
      const root = m?.[1] !== undefined && own.has(m[1]) ? m[1] : number;
      for (let n = nextSuffix.get(root) ?? 1; ; n += 1) {
        const candidate = `${root}-R${n}`;
        if (!used.has(candidate)) {
          used.add(candidate);
          nextSuffix.set(root, n + 1);
          return candidate;
        }
      }
    };
    const ratePlans: RatePlan[] = [];
    for (const rp of sub.ratePlans) {
      const charges: RatePlanCharge[] = [];
      for (const charge of rp.charges) {
        charges.push(charge);
        if (isRemovedCharge(charge) || !renews(charge) || charge.endDate !== oldEnd) continue;
        // A rate plan removed as of the renewal start is not renewed; one removed later in the renewal term
        // is renewed up to the day before its removal (§8.4, §8.7).
        const endDate = endUntilRemoval(charge, start, termEnd);
        if (endDate === null) continue;
        const segment = {
          ...charge,
          number: segmentNumber(charge.number),
          startDate: start,
          endDate,
          // A schedule on this order covers this segment, not one a later Renew adds (§8.7, C15).
          renewalOrder: state.order.number,
        };
        const tooLarge = sizeCheck(
          sub,
          segment,
          joinPath(path, 'renewalTermMonths'),
          '',
          'renew for fewer months or lower the price or quantity',
        );
        if (tooLarge !== null) return err(tooLarge);
        charges.push(segment);
      }
      ratePlans.push({ ...rp, charges });
    }
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
