import { z } from "@medusajs/framework/zod"
import { REFERRAL_SITE_STATUSES } from "../../../../../modules/loyalty/models/loyalty-referral-site"
import { ListPageParams } from "../../../../validators"

/** `GET /admin/loyalty/referrals/sites?status&limit&offset`. */
export const AdminListReferralSitesParams = ListPageParams.extend({
  status: z.enum(REFERRAL_SITE_STATUSES).optional(),
}).strict()

export type AdminListReferralSitesParamsType = z.infer<typeof AdminListReferralSitesParams>

/** `POST /admin/loyalty/referrals/sites/:id/reject`: the reason its owner is shown. */
export const AdminRejectReferralSite = z
  .object({
    reason: z.string().trim().min(1, "reason: say why the site is rejected (its owner sees it)").max(500),
  })
  .strict()

export type AdminRejectReferralSiteType = z.infer<typeof AdminRejectReferralSite>
