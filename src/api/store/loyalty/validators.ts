import { z, type ZodTypeAny } from "@medusajs/framework/zod"
import { looksLikeReferralCode, normalizeReferralCode, vanityCodeError } from "../../../lib/referral-code"
import { birthdayError } from "../../../lib/rules"

/** `schema` checked by one of the rules' `…Error` functions, whose message names what is accepted. */
const checkedBy = <T extends ZodTypeAny>(schema: T, error: (value: z.infer<T>) => string | null) =>
  schema.superRefine((value, ctx) => {
    const message = error(value)
    if (message) {
      ctx.addIssue({ code: "custom", message })
    }
  })

/** `POST /store/loyalty/account`: what a shopper sets on their own account. */
export const StoreUpdateAccount = z
  .object({
    birthday: checkedBy(z.unknown(), birthdayError)
      .transform((value) => value as string)
      .optional(),
    newsletter_opt_in: z.boolean().optional(),
    // The shopper turns loyalty messages off (true) or on again (false).
    notifications_opt_out: z.boolean().optional(),
  })
  .strict()

export type StoreUpdateAccountType = z.infer<typeof StoreUpdateAccount>

/** `POST /store/loyalty/referrals/code`: a referral code of the shopper's own. */
export const StoreChangeReferralCode = z
  .object({
    code: checkedBy(z.string().max(100), vanityCodeError).transform(normalizeReferralCode),
  })
  .strict()

export type StoreChangeReferralCodeType = z.infer<typeof StoreChangeReferralCode>

/** A visit id as the visit route gave it. */
const visitId = z.string().regex(/^lyrv_[0-9A-Za-z]{1,64}$/, "visit_id: not a visit id (the visit_id POST /store/loyalty/referrals/visit returned)")

/** `POST /store/loyalty/referrals/claim`: the referral code and/or the visit a new shopper came with. */
export const StoreClaimReferral = z
  .object({
    // Junk never reaches the lookup (nor the refusals it records).
    code: z
      .string()
      .max(100)
      .refine(looksLikeReferralCode, "code: not a referral code (letters, digits and hyphens, such as ANNA-7K3Q)")
      .transform(normalizeReferralCode)
      .optional(),
    visit_id: visitId.optional(),
  })
  .strict()
  .refine((body) => body.code !== undefined || body.visit_id !== undefined, "code or visit_id: give the referral code, the visit id, or both")

export type StoreClaimReferralType = z.infer<typeof StoreClaimReferral>

/** `POST /store/loyalty/referrals/sites`: a site the referrer says is theirs. */
export const StoreRegisterReferralSite = z
  .object({
    // Normalized by the workflow: whether http is allowed is the module's option.
    origin: z.string().max(2000, "origin: at most 2000 characters"),
  })
  .strict()

export type StoreRegisterReferralSiteType = z.infer<typeof StoreRegisterReferralSite>

/** A short text from the landing URL; empty is absent. */
const utm = (field: string) =>
  z
    .string()
    .max(200, `${field}: at most 200 characters`)
    .nullable()
    .optional()
    .transform((value) => value?.trim() || null)

/** `POST /store/loyalty/referrals/visit`: where the visitor arrived from (document.referrer, the URL's UTM). */
export const StoreReferralVisit = z
  .object({
    referrer: z
      .string()
      .max(2000, "referrer: at most 2000 characters")
      .nullable()
      .optional()
      .transform((value) => value?.trim() || null),
    utm_source: utm("utm_source"),
    utm_medium: utm("utm_medium"),
    utm_campaign: utm("utm_campaign"),
  })
  .strict()

export type StoreReferralVisitType = z.infer<typeof StoreReferralVisit>
