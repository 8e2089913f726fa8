import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { LOYALTY_MODULE } from "../../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../../types/loyalty"
import { unlinkTelegramWorkflow } from "../../../../workflows/telegram/workflows/unlink-telegram"

/** Whether the shopper's Telegram chat is linked, since when, and whether the store has a bot at all. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  const link = await loyalty.retrieveTelegramLink({ customer_id: req.auth_context.actor_id })
  res.json({ available: loyalty.getTelegramOptions() !== null, linked: !!link, linked_at: link?.linked_at ?? null })
}

/** Unlinks the shopper's chat: no more Telegram notifications until they link one again. */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
  await unlinkTelegramWorkflow(req.scope).run({ input: { customer_id: req.auth_context.actor_id } })
  res.json({ available: loyalty.getTelegramOptions() !== null, linked: false, linked_at: null })
}
