import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { BindReferralResult, ILoyaltyModuleService, ReferralSource } from "../../../types/loyalty"
import { hasOrdered } from "../customer-orders"
import { readReferralParty } from "../lib/referral-parties"

export type BindReferralStepInput = {
  customer_id: string
  /** A code (typed, or kept from a link), or a referring site owner's account. */
  code?: string | null
  referrer_account_id?: string | null
  source: ReferralSource
  metadata?: Record<string, unknown> | null
  /** The order being placed, when the binding comes with it: it is not an earlier order. */
  order_id?: string | null
  /** Keyed hashes of the request's IP, and of its IP and user agent (lib/shopper-fingerprint.ts), for a claim. */
  ip_hash?: string | null
  device_hash?: string | null
}

/** The customer the binding would name as referrer: the code's owner or the site owner's account. */
async function referrerCustomerId(loyalty: ILoyaltyModuleService, input: BindReferralStepInput): Promise<string | null> {
  if (input.code) {
    return (await loyalty.findReferralCodeOwner(input.code))?.customer_id ?? null
  }
  if (input.referrer_account_id) {
    const [account] = await loyalty.listLoyaltyAccounts({ id: input.referrer_account_id }, { select: ["customer_id"] })
    return account?.customer_id ?? null
  }
  return null
}

/**
 * Binds the shopper to the referrer if they are new: no order yet (but the
 * one being placed), neither theirs nor a guest order under their e-mail.
 * Both shoppers' e-mails, phones and addresses are read here for the
 * anti-fraud checks. A refusal is recorded by the module and returned.
 */
export async function bindShopperReferral(container: MedusaContainer, input: BindReferralStepInput): Promise<BindReferralResult> {
  const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const referrerId = await referrerCustomerId(loyalty, input)
  const [hasOrders, referee, referrer] = await Promise.all([
    hasOrdered(query, input.customer_id, input.order_id ?? undefined),
    readReferralParty(query, input.customer_id),
    referrerId && referrerId !== input.customer_id ? readReferralParty(query, referrerId) : null,
  ])
  return loyalty.bindReferral({
    referee_customer_id: input.customer_id,
    code: input.code,
    referrer_account_id: input.referrer_account_id,
    source: input.source,
    metadata: input.metadata,
    has_orders: hasOrders,
    referee: referee ?? undefined,
    referrer: referrer ?? undefined,
    ip_hash: input.ip_hash,
    device_hash: input.device_hash,
  })
}

/**
 * bindShopperReferral for a code the shopper gave: a refusal is answered as a
 * 400 with its reason. No compensation: a binding is for good (an admin may unbind it).
 */
export const bindReferralStep = createStep(
  "loyalty-bind-referral",
  async (input: BindReferralStepInput, { container }) => {
    const result = await bindShopperReferral(container, input)
    if (result.refused) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, result.message)
    }
    return new StepResponse(result.referral)
  }
)
