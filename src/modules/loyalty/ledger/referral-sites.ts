import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { generateSiteToken, VISIT_BINDS_FOR_DAYS } from "../../../lib/referral-site"
import type {
  LoyaltyReferralSiteDTO,
  LoyaltyReferralVisitDTO,
  RecordReferralVisitInput,
  ReviewReferralSiteInput,
} from "../../../types/loyalty/module"
import type { LedgerStore } from "./ledger-store"

const SITE = "loyalty_referral_site"
const VISIT = "loyalty_referral_visit"
const ACCOUNT = "loyalty_account"

/** Sites a shopper may have registered and not rejected at once. */
export const MAX_SITES_PER_SHOPPER = 5
/** Visits one address may record in VISIT_WINDOW_MINUTES before it is refused for a while. */
export const MAX_VISITS_PER_ADDRESS = 30
export const VISIT_WINDOW_MINUTES = 10

const UNIQUE_VIOLATION = "23505"

const takenBy = (origin: string) =>
  new MedusaError(
    MedusaError.Types.DUPLICATE_ERROR,
    `${origin} is already a verified referring site of another shopper; a site has one owner.`
  )

/** The origin's verified or approved row of another account, if any. */
async function ownedByAnother(trx: Knex.Transaction, origin: string, accountId: string) {
  return trx(SITE).where({ origin }).whereIn("status", ["verified", "approved"]).whereNot({ account_id: accountId }).first("id")
}

/**
 * Registers `origin` (normalized by the caller) for the shopper with a new
 * token, once: the same origin again returns the same row. Refused when
 * another shopper holds it verified, or the shopper has MAX_SITES_PER_SHOPPER.
 */
export async function registerReferralSite(store: LedgerStore, customerId: string, origin: string): Promise<LoyaltyReferralSiteDTO> {
  const { trx } = store
  const account = await store.lockAccountOfCustomer(customerId)
  const existing = await trx(SITE).where({ account_id: account.id, origin }).first()
  if (existing) {
    return existing
  }
  if (await ownedByAnother(trx, origin, account.id)) {
    throw takenBy(origin)
  }
  const { rows } = await trx.raw(`SELECT COUNT(*)::int AS sites FROM ${SITE} WHERE account_id = ? AND status <> 'rejected'`, [account.id])
  if (rows[0].sites >= MAX_SITES_PER_SHOPPER) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `A shopper may have at most ${MAX_SITES_PER_SHOPPER} referring sites; you have ${rows[0].sites}.`
    )
  }
  const [site] = await trx(SITE)
    .insert({ id: generateEntityId(undefined, "lyrs"), account_id: account.id, origin, token: generateSiteToken(), status: "pending" })
    .returning("*")
  return site
}

/** The shopper's own site, locked; NOT_FOUND for another's (no one learns whose ids exist). */
async function lockOwnSite(store: LedgerStore, customerId: string, siteId: string) {
  const account = await store.lockAccountOfCustomer(customerId)
  const site = await store.trx(SITE).where({ id: siteId, account_id: account.id }).forUpdate().first()
  if (!site) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `You have no referring site ${siteId}.`)
  }
  return site as LoyaltyReferralSiteDTO
}

/** The shopper's own site, to check (the caller fetches the site and calls markReferralSiteVerified). */
export async function retrieveOwnReferralSite(store: LedgerStore, customerId: string, siteId: string) {
  const site = await lockOwnSite(store, customerId, siteId)
  if (site.status === "rejected") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `${site.origin} was rejected by the store${site.review_note ? `: ${site.review_note}` : ""}.`)
  }
  return site
}

/**
 * Records that the token was found: pending → verified (a verified or
 * approved site stays as it is). A second shopper verifying the same origin
 * meanwhile is refused by the one-owner index, answered as a duplicate.
 */
export async function markReferralSiteVerified(store: LedgerStore, customerId: string, siteId: string): Promise<LoyaltyReferralSiteDTO> {
  const site = await retrieveOwnReferralSite(store, customerId, siteId)
  if (site.status !== "pending") {
    return site
  }
  if (await ownedByAnother(store.trx, site.origin, site.account_id)) {
    throw takenBy(site.origin)
  }
  try {
    const [verified] = await store.trx(SITE)
      .where({ id: site.id })
      .update({ status: "verified", verified_at: store.trx.fn.now(), updated_at: store.trx.fn.now() })
      .returning("*")
    return verified
  } catch (error: any) {
    if (error?.code === UNIQUE_VIOLATION) {
      throw takenBy(site.origin)
    }
    throw error
  }
}

/** Puts a site back to pending (compensation of markReferralSiteVerified, when it verified it). */
export async function unmarkReferralSiteVerified(store: LedgerStore, siteId: string) {
  await store.trx(SITE).where({ id: siteId, status: "verified" }).update({ status: "pending", verified_at: null, updated_at: store.trx.fn.now() })
}

/**
 * An admin's decision: a verified site is approved (approving it again
 * replays); any site not rejected may be rejected with a reason, an approved
 * one too (its later visits bind no one; bindings made stay).
 */
export async function reviewReferralSite(store: LedgerStore, input: ReviewReferralSiteInput): Promise<LoyaltyReferralSiteDTO> {
  const { trx } = store
  const site = await trx(SITE).where({ id: input.site_id }).forUpdate().first()
  if (!site) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Referring site ${input.site_id} was not found.`)
  }
  const decided = input.decision === "approve" ? "approved" : "rejected"
  if (site.status === decided) {
    return site
  }
  if (input.decision === "approve" && site.status !== "verified") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      site.status === "pending"
        ? `${site.origin} is not verified yet: its owner has not passed the token check, so it cannot be approved.`
        : `${site.origin} was rejected; a rejected site cannot be approved (its owner may register it again).`
    )
  }
  const [reviewed] = await trx(SITE)
    .where({ id: site.id })
    .update({
      status: decided,
      ...(decided === "approved" ? { approved_at: trx.fn.now() } : { rejected_at: trx.fn.now(), review_note: input.reason ?? null }),
      reviewed_by: input.reviewed_by,
      updated_at: trx.fn.now(),
    })
    .returning("*")
  return reviewed
}

/** The shopper's sites, newest first. */
export async function readSitesOfCustomer(knex: Knex, customerId: string): Promise<LoyaltyReferralSiteDTO[]> {
  return knex(`${SITE} as s`)
    .join(`${ACCOUNT} as a`, "a.id", "s.account_id")
    .where("a.customer_id", customerId)
    .orderBy([{ column: "s.created_at", order: "desc" }, { column: "s.id", order: "desc" }])
    .select("s.*")
}

/**
 * Records a visit that matters: from an approved site (looked up here by its
 * origin) or one the caller matched to an external source; null otherwise
 * (nothing is written for ordinary traffic). An address that recorded
 * MAX_VISITS_PER_ADDRESS in the window is refused.
 */
export async function recordReferralVisit(store: LedgerStore, input: RecordReferralVisitInput): Promise<LoyaltyReferralVisitDTO | null> {
  const { trx } = store
  const site = input.referrer_origin
    ? await trx(SITE).where({ origin: input.referrer_origin, status: "approved" }).first("id")
    : undefined
  if (!site && !input.external_source) {
    return null
  }
  if (input.ip_hash) {
    const { rows } = await trx.raw(
      `SELECT COUNT(*)::int AS visits FROM ${VISIT} WHERE ip_hash = ? AND created_at > now() - make_interval(mins => ?)`,
      [input.ip_hash, VISIT_WINDOW_MINUTES]
    )
    if (rows[0].visits >= MAX_VISITS_PER_ADDRESS) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Too many visits were recorded from your address; try again in ${VISIT_WINDOW_MINUTES} minutes.`
      )
    }
  }
  const [visit] = await trx(VISIT)
    .insert({
      id: generateEntityId(undefined, "lyrv"),
      referrer_origin: input.referrer_origin,
      site_id: site?.id ?? null,
      utm_source: input.utm_source,
      utm_medium: input.utm_medium,
      utm_campaign: input.utm_campaign,
      ip_hash: input.ip_hash,
      user_agent_hash: input.user_agent_hash,
    })
    .returning("*")
  return visit
}

/**
 * A visit young enough to bind, with the account of its site's owner while
 * the site is still approved (null: from no site, or one rejected since).
 */
export async function readReferralVisit(
  knex: Knex,
  visitId: string
): Promise<(LoyaltyReferralVisitDTO & { site_account_id: string | null }) | null> {
  const visit = await knex(`${VISIT} as v`)
    .leftJoin(`${SITE} as s`, function () {
      this.on("s.id", "=", "v.site_id").andOnVal("s.status", "=", "approved")
    })
    .where("v.id", visitId)
    .whereRaw(`v.created_at > now() - make_interval(days => ?)`, [VISIT_BINDS_FOR_DAYS])
    .first("v.*", "s.account_id as site_account_id")
  return visit ?? null
}

/**
 * Forgets up to `limit` visits too old to bind anyone (VISIT_BINDS_FOR_DAYS): a visit exists only
 * to be claimed, and it keeps a visitor's hashed address. Oldest first, so repeated calls finish
 * the backlog; two at once delete each row once (a deleted row is skipped).
 */
export async function pruneReferralVisits(trx: Knex.Transaction, limit: number): Promise<number> {
  const { rowCount } = await trx.raw(
    `DELETE FROM ${VISIT} WHERE id IN (
       SELECT id FROM ${VISIT} WHERE created_at < now() - make_interval(days => ?)
       ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)`,
    [VISIT_BINDS_FOR_DAYS, limit]
  )
  return rowCount ?? 0
}
