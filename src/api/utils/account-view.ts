import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { referralLink } from "../../lib/referral-code"
import { tierStanding } from "../../lib/rules"
import type { TierView } from "../../modules/loyalty/program/records"
import { LOYALTY_MODULE } from "../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../types/loyalty"
import { ensureReferralCodeWorkflow } from "../../workflows/referrals/workflows/ensure-referral-code"

/** How many upcoming expiries the account shows. */
const EXPIRING_SHOWN = 5

export type AccountView = {
  id: string | null
  customer_id: string
  balance: number
  pending: number
  reserved: number
  /** What the shopper can spend now: balance less points held for carts. */
  spendable: number
  lifetime_earned: number
  lifetime_spent: number
  tier: TierView | null
  next_tier: TierView | null
  /** Order points still missing to reach next_tier; null at the top. */
  points_to_next_tier: number | null
  /** Points earned from orders in the tier window (tier_window_days). */
  tier_points: number
  referral_code: string | null
  /** `<storefront_url>?ref=CODE`; null while the program has no storefront_url. */
  referral_link: string | null
  birthday: string | null
  newsletter_opt_in: boolean
  notifications_opt_out: boolean
  expiring: { points: number; expires_at: Date }[]
}

/**
 * The account as the admin sees it: with whether the customer is in the holdout group (not
 * enrolled: earns nothing, and the store routes refuse them, so the store's view never needs it).
 */
export type AdminAccountView = AccountView & { holdout: boolean }

export async function loadAdminAccountView(scope: MedusaContainer, customerId: string): Promise<AdminAccountView> {
  const loyalty: ILoyaltyModuleService = scope.resolve(LOYALTY_MODULE)
  const [view, [row]] = await Promise.all([
    loadAccountView(scope, customerId),
    loyalty.listLoyaltyAccounts({ customer_id: customerId }, { select: ["id", "holdout"], take: 1 }),
  ])
  return { ...view, holdout: row?.holdout === true }
}

/**
 * A customer's account as the APIs show it. A customer with no account yet
 * gets a zero account (reads never write).
 */
export async function loadAccountView(
  scope: MedusaContainer,
  customerId: string
): Promise<AccountView> {
  const loyalty: ILoyaltyModuleService = scope.resolve(LOYALTY_MODULE)
  const { account, tiers, storefront_url } = await loyalty.retrieveAccountSnapshot(customerId, EXPIRING_SHOWN)
  if (!account) {
    return { ...emptyAccount(customerId), ...tierStanding(tiers, null, 0) }
  }
  return {
    id: account.id,
    customer_id: account.customer_id,
    balance: account.balance,
    pending: account.pending,
    reserved: account.reserved,
    spendable: Math.max(0, account.balance - account.reserved),
    lifetime_earned: account.lifetime_earned,
    lifetime_spent: account.lifetime_spent,
    ...tierStanding(tiers, account.tier_id, account.tier_points),
    tier_points: account.tier_points,
    referral_code: account.referral_code ?? null,
    referral_link: referralLink(storefront_url, account.referral_code ?? null),
    birthday: account.birthday ?? null,
    newsletter_opt_in: account.newsletter_opt_in ?? false,
    notifications_opt_out: account.notifications_opt_out ?? false,
    expiring: account.expiring,
  }
}

function emptyAccount(customerId: string): AccountView {
  return {
    id: null,
    customer_id: customerId,
    balance: 0,
    pending: 0,
    reserved: 0,
    spendable: 0,
    lifetime_earned: 0,
    lifetime_spent: 0,
    tier: null,
    next_tier: null,
    points_to_next_tier: null,
    tier_points: 0,
    referral_code: null,
    referral_link: null,
    birthday: null,
    newsletter_opt_in: false,
    notifications_opt_out: false,
    expiring: [],
  }
}

/**
 * The account as loadAccountView shows it, after giving the shopper their
 * referral code if they have none (an account from before referral codes, or
 * none yet): the store routes show a code from the first read on.
 */
export async function loadAccountViewWithCode(scope: MedusaContainer, customerId: string): Promise<AccountView> {
  const account = await loadAccountView(scope, customerId)
  if (account.referral_code) {
    return account
  }
  try {
    await ensureReferralCodeWorkflow(scope).run({ input: { customer_id: customerId } })
  } catch (error) {
    // The balance matters more than the code: show the account, and give the code on a later read.
    scope.resolve(ContainerRegistrationKeys.LOGGER).warn(
      `medusa-loyalty: no referral code could be given to customer ${customerId} yet: ${(error as Error).message}`
    )
    return account
  }
  return loadAccountView(scope, customerId)
}
