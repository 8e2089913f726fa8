import { Heading, Input, Label, Select, Switch, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { type MessagesForm, NOTIFIED_EVENTS, type NotificationRowForm, type NotifiedEvent } from "../lib/notification-form"

/** The template locale "auto": the plugin's default (English). Radix's Select takes no empty value. */
const AUTO = "auto"

/**
 * Shopper notifications (a channel and template per event) and win-back (the quiet days and
 * its bonus): part of the settings form.
 */
export const MessageSettingsFields = ({ messages, onChange }: { messages: MessagesForm; onChange: (messages: MessagesForm) => void }) => {
  const { t } = useTranslation()
  const field = (name: string) => t(`loyalty.settings.fields.${name}`)
  const set = (changes: Partial<MessagesForm>) => onChange({ ...messages, ...changes })
  const setRow = (event: NotifiedEvent, change: Partial<NotificationRowForm>) =>
    set({ notifications: { ...messages.notifications, [event]: { ...messages.notifications[event], ...change } } })
  const bonus = messages.winback_bonus
  const setBonus = (change: Partial<MessagesForm["winback_bonus"]>) => set({ winback_bonus: { ...bonus, ...change } })

  return (
    <>
      <div className="flex flex-col gap-4 px-6 py-4">
        <div>
          <Heading level="h2">{t("loyalty.settings.sections.notifications")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">{field("notifications_hint")}</Text>
        </div>
        {NOTIFIED_EVENTS.map((event) => {
          const row = messages.notifications[event]
          return (
            <div key={event} className="grid grid-cols-1 items-end gap-4 md:grid-cols-4">
              <div className="flex items-center gap-3 pb-2">
                <Switch id={`loyalty-notify-${event}`} checked={row.on} onCheckedChange={(on) => setRow(event, { on })} />
                <Label htmlFor={`loyalty-notify-${event}`}>{t(`loyalty.settings.notification_events.${event}`)}</Label>
              </div>
              <div className="flex flex-col gap-1">
                <Label htmlFor={`loyalty-notify-${event}-channel`} size="xsmall">{field("notification_channel")}</Label>
                <Input
                  id={`loyalty-notify-${event}-channel`}
                  disabled={!row.on}
                  value={row.channel}
                  onChange={(e) => setRow(event, { channel: e.target.value })}
                />
              </div>
              <div className="flex flex-col gap-1">
                <Label htmlFor={`loyalty-notify-${event}-template`} size="xsmall">{field("notification_template")}</Label>
                <Input
                  id={`loyalty-notify-${event}-template`}
                  disabled={!row.on}
                  value={row.template}
                  onChange={(e) => setRow(event, { template: e.target.value })}
                />
              </div>
              <div className="flex flex-col gap-1">
                <Label htmlFor={`loyalty-notify-${event}-locale`} size="xsmall">{field("notification_locale")}</Label>
                <Select
                  disabled={!row.on}
                  value={row.locale || AUTO}
                  onValueChange={(locale) => setRow(event, { locale: locale === AUTO ? "" : (locale as "en" | "ru") })}
                >
                  <Select.Trigger id={`loyalty-notify-${event}-locale`} aria-label={field("notification_locale")}>
                    <Select.Value />
                  </Select.Trigger>
                  <Select.Content>
                    <Select.Item value={AUTO}>{field("notification_locale_default")}</Select.Item>
                    <Select.Item value="en">English</Select.Item>
                    <Select.Item value="ru">Русский</Select.Item>
                  </Select.Content>
                </Select>
              </div>
            </div>
          )
        })}
      </div>
      <div className="flex flex-col gap-4 px-6 py-4">
        <div>
          <Heading level="h2">{t("loyalty.settings.sections.winback")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">{field("winback_hint")}</Text>
        </div>
        <div className="grid grid-cols-1 items-end gap-4 md:grid-cols-3">
          <div className="flex flex-col gap-1">
            <Label htmlFor="loyalty-winback_days">{field("winback_days")}</Label>
            <Input
              id="loyalty-winback_days"
              type="number"
              min={0}
              step={1}
              value={messages.winback_days}
              onChange={(e) => set({ winback_days: e.target.value })}
            />
          </div>
        </div>
        <div className="grid grid-cols-1 items-end gap-4 md:grid-cols-3">
          <div className="flex items-center gap-3 pb-2">
            <Switch id="loyalty-winback_bonus" checked={bonus.on} onCheckedChange={(on) => setBonus({ on })} />
            <Label htmlFor="loyalty-winback_bonus">{field("winback_bonus")}</Label>
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor="loyalty-winback_bonus-points" size="xsmall">{field("bonus_points")}</Label>
            <Input
              id="loyalty-winback_bonus-points"
              type="number"
              min={1}
              step={1}
              disabled={!bonus.on}
              value={bonus.points}
              onChange={(e) => setBonus({ points: e.target.value })}
            />
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor="loyalty-winback_bonus-expiry" size="xsmall">{field("bonus_expiry_days")}</Label>
            <Input
              id="loyalty-winback_bonus-expiry"
              type="number"
              min={0}
              step={1}
              disabled={!bonus.on}
              placeholder={field("bonus_expiry_default")}
              value={bonus.expiry_days}
              onChange={(e) => setBonus({ expiry_days: e.target.value })}
            />
          </div>
        </div>
      </div>
    </>
  )
}
