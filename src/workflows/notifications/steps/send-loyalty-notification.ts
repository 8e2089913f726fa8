import type { INotificationModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { renderTemplate } from "../../../lib/notification-templates"
import { notificationData, notificationKey, type NotifiedEvent } from "../../../lib/notifications"
import { isChatGoneError } from "../../../lib/telegram-bot-api"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ILoyaltyModuleService } from "../../../types/loyalty"

export type SendLoyaltyNotificationInput = {
  /** The event's name without `loyalty.`. */
  event: NotifiedEvent
  /** The event's data as the outbox sent it: customer_id, points, event_id, … */
  data: Record<string, any>
}

export type SendLoyaltyNotificationResult = {
  sent: boolean
  /**
   * Why nothing was sent: the event is not in `notifications`, the shopper opted out or has no
   * address (no e-mail; no linked chat on the `telegram` channel), or Telegram said the shopper
   * blocked the bot (the chat is unlinked), or the shopper is in the holdout group.
   */
  skipped: "not_configured" | "opted_out" | "no_address" | "no_account" | "chat_blocked" | "holdout" | null
}

/** The channel whose address is the shopper's linked Telegram chat, not their e-mail. */
export const TELEGRAM_CHANNEL = "telegram"

const skipped = (reason: NonNullable<SendLoyaltyNotificationResult["skipped"]>) =>
  new StepResponse<SendLoyaltyNotificationResult>({ sent: false, skipped: reason })

/**
 * Sends one loyalty event to its shopper through the Notification Module, on
 * the channel and template the `notifications` setting gives it; nothing when
 * the event is not there or the shopper opted out. The idempotency key is the
 * event's id, so a redelivered event sends nothing. No compensation: a sent
 * message cannot be called back.
 */
export const sendLoyaltyNotificationStep = createStep(
  "loyalty-send-notification",
  async ({ event, data }: SendLoyaltyNotificationInput, { container }) => {
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const program = await loyalty.getProgramSettings()
    const setting = program.notifications[event]
    if (!setting || !data.customer_id || !data.event_id) {
      return skipped("not_configured")
    }
    const [account] = await loyalty.listLoyaltyAccounts({ customer_id: data.customer_id }, { take: 1 })
    if (!account) {
      return skipped("no_account")
    }
    if (account.notifications_opt_out) {
      return skipped("opted_out")
    }
    if (account.holdout) {
      // Not enrolled (issue 21): even points an admin gave by hand are not announced.
      return skipped("holdout")
    }
    const { customer, order, default_currency_code, to } = await readRecipient(container, setting.channel, data.customer_id, data.order_id ?? null)
    if (!customer || !to) {
      return skipped("no_address")
    }
    const locale = setting.locale ?? "en"
    const payload = notificationData(event, data, {
      first_name: customer.first_name ?? null,
      balance: account.balance,
      point_values: program.point_values,
      // A friend's order (a referral reward) is not the shopper's to see.
      order: order && order.customer_id === data.customer_id ? { currency_code: order.currency_code, display_id: order.display_id } : null,
      default_currency_code,
      locale,
    })
    const content = renderTemplate(setting.template, payload, { locale, time_zone: program.time_zone })
    const notifications: INotificationModuleService = container.resolve(Modules.NOTIFICATION)
    const idempotency_key = notificationKey(event, data.event_id)
    try {
      await notifications.createNotifications({
        to,
        channel: setting.channel,
        template: setting.template,
        data: payload,
        receiver_id: data.customer_id,
        trigger_type: `loyalty.${event}`,
        resource_id: data.account_id ?? null,
        resource_type: "loyalty_account",
        idempotency_key,
        ...(content ? { content } : {}),
      })
    } catch (error) {
      // The shopper blocked the bot: the notification stays failed, and the chat is unlinked so
      // later events skip it (no_address) instead of failing again. Linking again brings it back.
      if (setting.channel === TELEGRAM_CHANNEL && isChatGoneError(error)) {
        await loyalty.unlinkTelegram({ chat_id: to })
        return skipped("chat_blocked")
      }
      // Two deliveries of one event at once: the other one's notification holds the key.
      if ((error as MedusaError).type !== MedusaError.Types.DUPLICATE_ERROR) {
        throw error
      }
    }
    return new StepResponse<SendLoyaltyNotificationResult>({ sent: true, skipped: null })
  }
)

/**
 * The shopper's address on the channel (`to`: their e-mail, or on `telegram` their linked chat id;
 * null when they have none) and name, the order's display id and currency, the store's default currency.
 */
async function readRecipient(container: MedusaContainer, channel: string, customerId: string, orderId: string | null) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
  const [{ data: customers }, { data: orders }, { data: stores }, link] = await Promise.all([
    query.graph({ entity: "customer", fields: ["id", "email", "first_name"], filters: { id: customerId } }),
    orderId
      ? query.graph({ entity: "order", fields: ["id", "display_id", "currency_code", "customer_id"], filters: { id: orderId } })
      : Promise.resolve({ data: [] as any[] }),
    query.graph({ entity: "store", fields: ["supported_currencies.currency_code", "supported_currencies.is_default"] }),
    channel === TELEGRAM_CHANNEL ? loyalty.retrieveTelegramLink({ customer_id: customerId }) : Promise.resolve(null),
  ])
  const currencies: { currency_code: string; is_default: boolean }[] = (stores[0]?.supported_currencies ?? []) as any
  const customer = customers[0] as { email: string | null; first_name: string | null } | undefined
  return {
    customer,
    to: channel === TELEGRAM_CHANNEL ? (link?.chat_id ?? null) : (customer?.email ?? null),
    order: (orders[0] ?? null) as { display_id: number; currency_code: string; customer_id: string | null } | null,
    default_currency_code: currencies.find((currency) => currency?.is_default)?.currency_code ?? null,
  }
}
