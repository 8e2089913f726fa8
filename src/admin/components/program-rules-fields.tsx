import { Button, Heading, Input, Label, Select, Switch, Text } from "@medusajs/ui"
import { useMemo } from "react"
import { useTranslation } from "react-i18next"
import { BONUS_NAMES } from "../lib/program-form"
import type { AchievementForm, BonusForm, RulesForm } from "../lib/program-form"
import { CurrencySelect } from "./currency-select"

/** IANA zones the browser knows, with UTC first and the saved zone kept even if the browser lacks it. */
function timeZones(current: string): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: "timeZone") => string[] }
  const known = intl.supportedValuesOf?.("timeZone") ?? []
  return [...new Set(["UTC", current, ...known])]
}

/**
 * Bonuses, achievements, caps, the tier window and the program's time zone: part of the settings
 * form (the storefront address, also in `rules`, shows in the Referrals section).
 */
export const ProgramRulesFields = ({
  rules,
  currencies,
  onChange,
}: {
  rules: RulesForm
  /** The store's currencies, which achievements are counted in. */
  currencies: string[] | undefined
  onChange: (rules: RulesForm) => void
}) => {
  const { t } = useTranslation()
  const field = (name: string) => t(`loyalty.settings.fields.${name}`)
  const zones = useMemo(() => timeZones(rules.time_zone), [rules.time_zone])
  const set = (changes: Partial<RulesForm>) => onChange({ ...rules, ...changes })
  const setBonus = (name: (typeof BONUS_NAMES)[number], change: Partial<BonusForm>) =>
    set({ bonuses: { ...rules.bonuses, [name]: { ...rules.bonuses[name], ...change } } })
  const setAchievement = (index: number, change: Partial<AchievementForm>) =>
    set({ achievements: rules.achievements.map((row, i) => (i === index ? { ...row, ...change } : row)) })

  return (
    <>
      <div className="flex flex-col gap-4 px-6 py-4">
        <div>
          <Heading level="h2">{t("loyalty.settings.sections.bonuses")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">{field("bonuses_hint")}</Text>
        </div>
        {BONUS_NAMES.map((name) => {
          const bonus = rules.bonuses[name]
          return (
            <div key={name} className="grid grid-cols-1 items-end gap-4 md:grid-cols-3">
              <div className="flex items-center gap-3 pb-2">
                <Switch id={`loyalty-${name}`} checked={bonus.on} onCheckedChange={(on) => setBonus(name, { on })} />
                <Label htmlFor={`loyalty-${name}`}>{field(name)}</Label>
              </div>
              <div className="flex flex-col gap-1">
                <Label htmlFor={`loyalty-${name}-points`} size="xsmall">{field("bonus_points")}</Label>
                <Input
                  id={`loyalty-${name}-points`}
                  type="number"
                  min={1}
                  step={1}
                  disabled={!bonus.on}
                  value={bonus.points}
                  onChange={(e) => setBonus(name, { points: e.target.value })}
                />
              </div>
              <div className="flex flex-col gap-1">
                <Label htmlFor={`loyalty-${name}-expiry`} size="xsmall">{field("bonus_expiry_days")}</Label>
                <Input
                  id={`loyalty-${name}-expiry`}
                  type="number"
                  min={0}
                  step={1}
                  disabled={!bonus.on}
                  placeholder={field("bonus_expiry_default")}
                  value={bonus.expiry_days}
                  onChange={(e) => setBonus(name, { expiry_days: e.target.value })}
                />
              </div>
            </div>
          )
        })}
      </div>
      <div className="flex flex-col gap-3 px-6 py-4">
        <div>
          <Heading level="h2">{t("loyalty.settings.sections.achievements")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">{field("achievements_hint")}</Text>
        </div>
        {rules.achievements.map((row, index) => (
          <div key={index} className="flex items-end gap-3">
            <div className="flex flex-col gap-1">
              <Label htmlFor={`loyalty-achievement-currency-${index}`} size="xsmall">{field("currency_code")}</Label>
              <CurrencySelect
                id={`loyalty-achievement-currency-${index}`}
                value={row.currency_code}
                currencies={currencies}
                onChange={(currency_code) => setAchievement(index, { currency_code })}
              />
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor={`loyalty-achievement-spend-${index}`} size="xsmall">{field("achievement_spend")}</Label>
              <Input id={`loyalty-achievement-spend-${index}`} type="number" step="any" min={0} value={row.spend} onChange={(e) => setAchievement(index, { spend: e.target.value })} />
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor={`loyalty-achievement-points-${index}`} size="xsmall">{field("bonus_points")}</Label>
              <Input id={`loyalty-achievement-points-${index}`} type="number" step={1} min={1} value={row.points} onChange={(e) => setAchievement(index, { points: e.target.value })} />
            </div>
            <Button size="small" variant="transparent" onClick={() => set({ achievements: rules.achievements.filter((_, i) => i !== index) })}>
              {field("remove")}
            </Button>
          </div>
        ))}
        <div>
          <Button
            size="small"
            variant="secondary"
            onClick={() => set({ achievements: [...rules.achievements, { currency_code: currencies?.[0] ?? "", spend: "", points: "" }] })}
          >
            {field("add_achievement")}
          </Button>
        </div>
      </div>
      <div className="flex flex-col gap-4 px-6 py-4">
        <Heading level="h2">{t("loyalty.settings.sections.limits")}</Heading>
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          {(["max_points_per_order", "max_balance", "tier_window_days"] as const).map((name) => (
            <div key={name} className="flex flex-col gap-1">
              <Label htmlFor={`loyalty-${name}`}>{field(name)}</Label>
              <Input
                id={`loyalty-${name}`}
                type="number"
                min={name === "tier_window_days" ? 1 : 0}
                step={1}
                placeholder={name === "tier_window_days" ? undefined : field("no_limit")}
                value={rules[name]}
                onChange={(e) => set({ [name]: e.target.value })}
              />
            </div>
          ))}
          <div className="flex flex-col gap-1">
            <Label htmlFor="loyalty-time_zone">{field("time_zone")}</Label>
            <Select value={rules.time_zone} onValueChange={(time_zone) => set({ time_zone })}>
              <Select.Trigger id="loyalty-time_zone" aria-label={field("time_zone")}>
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {zones.map((zone) => (
                  <Select.Item key={zone} value={zone}>
                    {zone}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </div>
        </div>
      </div>
    </>
  )
}
