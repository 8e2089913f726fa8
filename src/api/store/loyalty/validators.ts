import { z } from "@medusajs/framework/zod"
import { looksLikeReferralCode, normalizeReferralCode, vanityCodeError } from "../../../lib/referral-code"
import { birthdayError } from "../../../lib/rules"

/** `POST /store/loyalty/account`: what a shopper sets on their own account. */
export const StoreUpdateAccount = z
  .object({
    // Checked by the rule itself, so the message names the formats accepted.
    birthday: z
      .unknown()
      .superRefine((value, ctx) => {
        const error = birthdayError(value)
        if (error) {
          ctx.addIssue({ code: "custom", message: error })
        }
      })
      .transform((value) => value as string)
      .optional(),
    newsletter_opt_in: z.boolean().optional(),
  })
  .strict()

export type StoreUpdateAccountType = z.infer<typeof StoreUpdateAccount>

/** `POST /store/loyalty/referrals/code`: a referral code of the shopper's own. */
export const StoreChangeReferralCode = z
  .object({
    code: z
      .string()
      .max(100)
      .superRefine((code, ctx) => {
        const error = vanityCodeError(code)
        if (error) {
          ctx.addIssue({ code: "custom", message: error })
        }
      })
      .transform(normalizeReferralCode),
  })
  .strict()

export type StoreChangeReferralCodeType = z.infer<typeof StoreChangeReferralCode>

/** `POST /store/loyalty/referrals/claim`: the referral code a new shopper came with. */
export const StoreClaimReferral = z
  .object({
    // Junk never reaches the lookup (nor the refusals it records).
    code: z
      .string()
      .max(100)
      .refine(looksLikeReferralCode, "code: not a referral code (letters, digits and hyphens, such as ANNA-7K3Q)")
      .transform(normalizeReferralCode),
  })
  .strict()

export type StoreClaimReferralType = z.infer<typeof StoreClaimReferral>
