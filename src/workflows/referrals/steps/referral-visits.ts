import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { externalSourceBonusKey, matchExternalSource, referrerOrigin, VISIT_BINDS_FOR_DAYS } from "../../../lib/referral-site"
import { bonusGrant } from "../../../lib/rules"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService, LoyaltyReferralVisitDTO } from "../../../types/loyalty"
import { bindShopperReferral } from "./bind-referral"

export type ReferralVisit = LoyaltyReferralVisitDTO & { site_account_id: string | null }

export type RecordVisitInput = {
  referrer: string | null
  utm_source: string | null
  utm_medium: string | null
  utm_campaign: string | null
  /** Keyed hashes (lib/visitor-hash.ts): the raw values never reach a workflow. */
  ip_hash: string | null
  user_agent_hash: string | null
}

/**
 * Records an arrival from an approved site or a configured external source
 * (the module looks up the site, this step the program's sources); null
 * for any other. No compensation: a visit is a record of what happened.
 */
export const recordReferralVisitStep = createStep("loyalty-record-referral-visit", async (input: RecordVisitInput, { container }) => {
  const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  const program = await loyalty.getProgramSettings()
  const { referrer, ...visit } = input
  const referrer_origin = referrerOrigin(referrer)
  const active = program.enabled && program.referrals.enabled
  const source = active ? matchExternalSource(program.referrals.external_sources, { utm_source: visit.utm_source, referrer_origin }) : null
  return new StepResponse(await loyalty.recordReferralVisit({ ...visit, referrer_origin, external_source: source !== null }))
})

/** The visit a shopper came with; a storefront's unknown or stale id is a 400 before anything changes. */
export const loadReferralVisitStep = createStep(
  "loyalty-load-referral-visit",
  async ({ visit_id }: { visit_id?: string | null }, { container }) => {
    if (!visit_id) {
      return new StepResponse(null)
    }
    const visit = await container.resolve<ILoyaltyModuleService>(LOYALTY_MODULE).retrieveReferralVisit(visit_id)
    if (!visit) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `visit_id: no visit ${visit_id} was recorded in the last ${VISIT_BINDS_FOR_DAYS} days; drop it and claim without it.`
      )
    }
    return new StepResponse(visit)
  }
)

/**
 * Binds the shopper to the owner of the approved site the visit came from.
 * A refusal (already referred, their own site, an existing customer) is
 * recorded and returned, not thrown: the shopper did not ask for this binding.
 */
export async function bindVisitSite(container: MedusaContainer, input: { customer_id: string; visit: ReferralVisit; order_id?: string | null }) {
  const { visit } = input
  if (!visit.site_account_id) {
    return null
  }
  return bindShopperReferral(container, {
    customer_id: input.customer_id,
    referrer_account_id: visit.site_account_id,
    source: "site",
    metadata: { site_id: visit.site_id, visit_id: visit.id },
    order_id: input.order_id,
  })
}

/**
 * The program's bonus for arriving from an external source (a UTM source or
 * a referring origin), once per shopper with no referrer; available now like
 * the welcome bonus, with the source's expiry. Only while referrals are on.
 */
export async function grantExternalSourceBonus(container: MedusaContainer, input: { customer_id: string; visit: ReferralVisit }) {
  const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  const program = await loyalty.getProgramSettings()
  if (!program.enabled || !program.referrals.enabled) {
    return null
  }
  const source = matchExternalSource(program.referrals.external_sources, input.visit)
  const now = new Date()
  const grant = source && bonusGrant(source, now, program.expiry_days)
  if (!source || !grant) {
    return null
  }
  const account = await loyalty.getOrCreateAccount(input.customer_id)
  const name = source.utm_source ?? referrerOrigin(source.origin)
  return loyalty.creditBonus({
    customer_id: input.customer_id,
    bonus: "external_source",
    points: grant.points,
    expires_at: grant.expires_at,
    max_balance: program.max_balance,
    reason: `Bonus for arriving from ${name}`,
    details: { source: name, visit_id: input.visit.id },
    idempotency_key: externalSourceBonusKey(account.id),
  })
}

/** bindVisitSite as a step. No compensation: a binding is for good (an admin may unbind it). */
export const bindVisitSiteStep = createStep(
  "loyalty-bind-visit-site",
  async (input: { customer_id: string; visit: ReferralVisit | null }, { container }) => {
    const result = input.visit ? await bindVisitSite(container, { customer_id: input.customer_id, visit: input.visit }) : null
    return new StepResponse(result?.referral ?? null)
  }
)

/** grantExternalSourceBonus as a step. No compensation: keyed once per shopper (see grantBonusStep). */
export const grantExternalSourceBonusStep = createStep(
  "loyalty-grant-external-source-bonus",
  async (input: { customer_id: string; visit: ReferralVisit | null }, { container }) => {
    const lot = input.visit ? await grantExternalSourceBonus(container, { customer_id: input.customer_id, visit: input.visit }) : null
    return new StepResponse(lot ? { points: lot.points, expires_at: lot.expires_at } : null)
  }
)
