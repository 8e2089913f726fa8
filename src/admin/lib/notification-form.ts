import { NOTIFIED_EVENTS, type NotifiedEvent } from "../../lib/notified-events"

export { NOTIFIED_EVENTS, type NotifiedEvent }

/** One event's notification as the server keeps it: a channel and the provider's template. */
export type NotificationSetting = { channel: string; template: string; locale?: "en" | "ru" }

/** Shopper messages and win-back (issue 20); absent on an older server. */
export type MessageSettings = {
  notifications: Partial<Record<NotifiedEvent, NotificationSetting>>
  winback_days: number
  winback_bonus: { points: number; expiry_days: number | null } | null
}

export type NotificationRowForm = { on: boolean; channel: string; template: string; locale: "" | "en" | "ru" }

/** What the messages part of the settings form holds; numbers as typed. */
export type MessagesForm = {
  notifications: Record<NotifiedEvent, NotificationRowForm>
  winback_days: string
  winback_bonus: { on: boolean; points: string; expiry_days: string }
}

/** The plugin's own template of an event, what a switched-on row starts with. */
export const defaultTemplate = (event: NotifiedEvent) => `loyalty-${event.replace(/_/g, "-")}`

export function toMessagesForm(settings: MessageSettings): MessagesForm {
  const bonus = settings.winback_bonus
  return {
    notifications: Object.fromEntries(
      NOTIFIED_EVENTS.map((event) => {
        const setting = settings.notifications[event]
        return [
          event,
          setting
            ? { on: true, channel: setting.channel, template: setting.template, locale: setting.locale ?? "" }
            : { on: false, channel: "email", template: defaultTemplate(event), locale: "" },
        ]
      })
    ) as Record<NotifiedEvent, NotificationRowForm>,
    winback_days: String(settings.winback_days),
    winback_bonus: bonus
      ? { on: true, points: String(bonus.points), expiry_days: bonus.expiry_days === null ? "" : String(bonus.expiry_days) }
      : { on: false, points: "", expiry_days: "" },
  }
}

/** The messages part as the API takes it: rows switched off are left out of the map. */
export function toMessagesBody(form: MessagesForm): MessageSettings {
  const { winback_bonus: bonus } = form
  return {
    notifications: Object.fromEntries(
      NOTIFIED_EVENTS.filter((event) => form.notifications[event].on).map((event) => {
        const row = form.notifications[event]
        return [event, { channel: row.channel.trim(), template: row.template.trim(), ...(row.locale ? { locale: row.locale } : {}) }]
      })
    ),
    winback_days: Number(form.winback_days),
    winback_bonus: bonus.on
      ? { points: Number(bonus.points), expiry_days: bonus.expiry_days.trim() === "" ? null : Number(bonus.expiry_days) }
      : null,
  }
}
