import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/** How many upcoming expiries the account shows. */
const EXPIRING_SHOWN = 5

export const ACCOUNT_FIELDS = [
  "id",
  "customer_id",
  "balance",
  "pending",
  "reserved",
  "lifetime_earned",
  "lifetime_spent",
  "tier_id",
  "referral_code",
  "birthday",
  "created_at",
]

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
  tier: null
  next_tier: null
  referral_code: string | null
  birthday: string | null
  expiring: { points: number; expires_at: Date }[]
}

/**
 * A customer's account as the APIs show it. A customer with no account yet
 * gets a zero account (reads never write).
 */
export async function loadAccountView(
  scope: MedusaContainer,
  customerId: string
): Promise<AccountView> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [account],
  } = await query.graph({
    entity: "loyalty_account",
    fields: ACCOUNT_FIELDS,
    filters: { customer_id: customerId },
  })
  if (!account) {
    return emptyAccount(customerId)
  }

  const { data: lots } = await query.graph({
    entity: "loyalty_transaction",
    fields: ["remaining", "expires_at"],
    filters: {
      account_id: account.id,
      status: "available",
      remaining: { $gt: 0 },
      expires_at: { $ne: null },
    },
    pagination: { order: { expires_at: "ASC" }, take: EXPIRING_SHOWN },
  })

  return {
    id: account.id,
    customer_id: account.customer_id,
    balance: account.balance,
    pending: account.pending,
    reserved: account.reserved,
    spendable: Math.max(0, account.balance - account.reserved),
    lifetime_earned: account.lifetime_earned,
    lifetime_spent: account.lifetime_spent,
    tier: null,
    next_tier: null,
    referral_code: account.referral_code ?? null,
    birthday: account.birthday ?? null,
    expiring: lots.map((lot: any) => ({ points: lot.remaining, expires_at: lot.expires_at })),
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
    referral_code: null,
    birthday: null,
    expiring: [],
  }
}
