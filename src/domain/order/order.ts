// The order module other modules import from: the order model, its parsing and its activation live in the
// files next to this one (model.ts, parse.ts, activate.ts).
export { activateOrder, subscriptionsBeforeEachAction } from './activate';
export {
  type AddProductAction,
  type CancelSubscriptionAction,
  type CreateSubscriptionAction,
  ORDER_ACTION_TYPES,
  ORDER_STATUSES,
  type Order,
  type OrderAction,
  type OrderActionType,
  type OrderActivation,
  type OrderStatus,
  type OwnerTransferAction,
  type RemoveProductAction,
  type RenewAction,
  type ResumeAction,
  type SuspendAction,
  type TermsAndConditionsAction,
  type UpdateProductAction,
} from './model';
export { createOrder } from './parse';
