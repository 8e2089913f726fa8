import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService, ReferralSource } from "../../../types/loyalty"
import { readReferralParty } from "../lib/referral-parties"

export type BindReferralStepInput = {
  customer_id: string
  code: string
  source: ReferralSource
  /** Keyed hashes of the request's IP, and of its IP and user agent (lib/shopper-fingerprint.ts). */
  ip_hash?: string | null
  device_hash?: string | null
}

/**
 * Binds the shopper to the owner of `code` if they are new: no order yet,
 * neither theirs nor a guest order under their e-mail. Both shoppers'
 * e-mails, phones and addresses are read here for the anti-fraud checks.
 * A refusal is recorded by the module and then answered as a 400 with its
 * reason. No compensation: a binding is for good (an admin may unbind it).
 */
export const bindReferralStep = createStep(
  "loyalty-bind-referral",
  async (input: BindReferralStepInput, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const [referee, owner] = await Promise.all([readReferralParty(query, input.customer_id), loyalty.findReferralCodeOwner(input.code)])
    const email = referee?.email
    // An order of this customer, or one placed as a guest with their e-mail before they registered.
    const { data: orders } = await query.graph({
      entity: "order",
      fields: ["id"],
      filters: email ? { $or: [{ customer_id: input.customer_id }, { email }] } : { customer_id: input.customer_id },
      pagination: { take: 1, skip: 0 },
    })
    const referrer = owner && owner.customer_id !== input.customer_id ? await readReferralParty(query, owner.customer_id) : null
    const result = await loyalty.bindReferral({
      referee_customer_id: input.customer_id,
      code: input.code,
      source: input.source,
      has_orders: orders.length > 0,
      referee: referee ?? undefined,
      referrer: referrer ?? undefined,
      ip_hash: input.ip_hash,
      device_hash: input.device_hash,
    })
    if (result.refused) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, result.message)
    }
    return new StepResponse(result.referral)
  }
)
