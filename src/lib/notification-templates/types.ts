import type { NotificationData, NotifiedEvent } from "../notifications"

/** How a template shows values: dates in the template's locale. */
export type TemplateFormat = { date: (iso: string | null) => string }

export type EventText = {
  subject: (data: NotificationData) => string
  /** The message's lines; null lines are left out. */
  lines: (data: NotificationData, format: TemplateFormat) => (string | null)[]
}

export type TemplateText = {
  greeting: (data: NotificationData) => string
  balance: (data: NotificationData) => string
  events: Record<NotifiedEvent, EventText>
}
