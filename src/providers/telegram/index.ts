import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { TelegramNotificationService } from "./service"

/**
 * `medusa-loyalty/providers/telegram`: a Notification Module provider for the
 * `telegram` channel (README, "Telegram").
 */
export default ModuleProvider(Modules.NOTIFICATION, {
  services: [TelegramNotificationService],
})

export { TelegramNotificationService }
export type { TelegramNotificationOptions } from "./service"
