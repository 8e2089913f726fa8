import { type NotificationData, NOTIFIED_EVENTS, type NotifiedEvent, type TemplateLocale } from "../notifications"
import { en } from "./en"
import { ru } from "./ru"
import type { TemplateText } from "./types"

const TEXTS: Record<TemplateLocale, TemplateText> = { en, ru }

/** The name of the plugin's own template of an event: `loyalty-points-earned`, … */
export const defaultTemplateName = (event: NotifiedEvent) => `loyalty-${event.replace(/_/g, "-")}`

const EVENT_OF_TEMPLATE = new Map<string, NotifiedEvent>(NOTIFIED_EVENTS.map((event) => [defaultTemplateName(event), event]))

export type RenderedTemplate = { subject: string; text: string; html: string }

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!)

/**
 * One of the plugin's default templates, filled in: a subject, plain text and
 * simple HTML, for providers that take content rather than a template id.
 * Dates are days in the store's time zone. Null for a template name that is not one of the plugin's (the provider has it).
 */
export function renderTemplate(
  template: string,
  data: NotificationData,
  { locale = "en", time_zone = "UTC" }: { locale?: TemplateLocale; time_zone?: string } = {}
): RenderedTemplate | null {
  const event = EVENT_OF_TEMPLATE.get(template)
  if (!event) {
    return null
  }
  const texts = TEXTS[locale] ?? en
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: time_zone })
  const format = { date: (iso: string | null) => (iso ? dates.format(new Date(iso)) : "") }
  const body = texts.events[event]
  const lines = [texts.greeting(data), ...body.lines(data, format).filter((line): line is string => !!line), texts.balance(data)]
  return {
    subject: body.subject(data),
    text: lines.join("\n\n") + "\n",
    html: `<!doctype html><html lang="${locale}"><body>${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join("")}</body></html>`,
  }
}
