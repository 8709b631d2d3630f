// The purchases module's public face: recording, POS import, and reading a member's purchases.
import { Purchase } from './purchase.entity';

export { createPurchasesModule, type PurchasesModule, type PurchasesModuleDeps } from './purchases.module';
export {
  PurchaseService,
  SPEND_WINDOW_DAYS,
  type ImportResult,
  type MemberPurchaseSummary,
  type MemberSpendStats,
  type PurchaseInput,
  type PurchasesReader,
  type PurchasesRecordedListener,
  type RecordedPurchase,
  type PurchaseServiceDeps,
  type RecordOutcome,
} from './purchase.service';
export { Purchase } from './purchase.entity';
export const purchaseEntities = [Purchase];
// The staff member detail shows a member's purchases in the same shape as the purchases API.
export { purchasesPersonalData } from './purchases-personal-data';
export { MemberPurchasesQuery } from './member-purchases.query';
