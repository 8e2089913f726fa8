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
