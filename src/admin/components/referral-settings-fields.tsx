import { Heading, Input, Label, Select, Switch, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { ReferralError, ReferralForm, ReferralNumber, ReferralOptionalNumber } from "../lib/referral-form"
import { CurrencyAmountRows } from "./currency-amount-rows"
import { FieldError } from "./field-error"
import { FormField } from "./form-field"
import { ReferralCouponFields } from "./referral-coupon-fields"
import { ReferralSourcesFields } from "./referral-sources-fields"

const REWARDS: ReferralNumber[] = ["referrer_points", "referrer_percent", "referee_points", "every_order_days"]
const REVIEW: (ReferralNumber | ReferralOptionalNumber)[] = ["monthly_cap", "flag_referrals_per_day", "flag_order_over_average", "review_deadline_days"]
const OPTIONAL: readonly string[] = ["monthly_cap", "flag_referrals_per_day", "flag_order_over_average"]
const DECISIONS = ["reject", "approve"] as const

/**
 * The Referrals section of the settings form: the storefront address links point to, then every
 * part of the `referrals` setting, each with what it does. Saved with the rest of the form.
 */
export const ReferralSettingsFields = ({
  referrals,
  storefrontUrl,
  currencies,
  errors,
  onChange,
  onStorefrontUrl,
}: {
  referrals: ReferralForm
  /** null: the server has no storefront_url, so it is not shown. */
  storefrontUrl: string | null
  currencies: string[] | undefined
  /** The obvious mistakes to show, by field (empty until a save is tried). */
  errors: Record<string, ReferralError>
  onChange: (referrals: ReferralForm) => void
  onStorefrontUrl: (url: string) => void
}) => {
  const { t } = useTranslation()
  const label = (name: string) => t(`loyalty.settings.referrals.fields.${name}`)
  const hint = (name: string) => t(`loyalty.settings.referrals.hints.${name}`)
  const set = (changes: Partial<ReferralForm>) => onChange({ ...referrals, ...changes })
  const number = (name: ReferralNumber | ReferralOptionalNumber) => (
    <div key={name} className="flex flex-col gap-1">
      <FormField id={`loyalty-referrals-${name}`} label={label(name)} hint={hint(name)}>
        <Input
          id={`loyalty-referrals-${name}`}
          type="number"
          step="any"
          min={0}
          placeholder={OPTIONAL.includes(name) ? t("loyalty.settings.referrals.off") : undefined}
          value={referrals[name]}
          aria-invalid={!!errors[name]}
          onChange={(e) => set({ [name]: e.target.value })}
        />
      </FormField>
      <FieldError id={`loyalty-referrals-${name}-error`} error={errors[name]} />
    </div>
  )

  return (
    <div className="flex flex-col gap-6 px-6 py-4" data-testid="loyalty-settings-referrals">
      <div>
        <Heading level="h2">{t("loyalty.settings.sections.referrals")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t("loyalty.settings.referrals.description")}</Text>
      </div>
      <div className="flex items-center justify-between gap-4">
        <div>
          <Label htmlFor="loyalty-referrals-enabled" weight="plus">{label("enabled")}</Label>
          <Text size="small" className="text-ui-fg-subtle">{hint("enabled")}</Text>
        </div>
        <Switch id="loyalty-referrals-enabled" checked={referrals.enabled} onCheckedChange={(enabled) => set({ enabled })} />
      </div>
      {storefrontUrl !== null && (
        <FormField id="loyalty-storefront_url" label={t("loyalty.settings.fields.storefront_url")} hint={t("loyalty.settings.fields.storefront_url_hint")}>
          <Input
            id="loyalty-storefront_url"
            type="url"
            placeholder="https://shop.example.com"
            value={storefrontUrl}
            onChange={(e) => onStorefrontUrl(e.target.value)}
          />
        </FormField>
      )}
      <div className="flex flex-col gap-4">
        <Heading level="h3">{t("loyalty.settings.referrals.groups.rewards")}</Heading>
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">{REWARDS.map(number)}</div>
        <div className="flex flex-col gap-2">
          <div>
            <Label size="small" weight="plus">{label("min_order_amount")}</Label>
            <Text size="xsmall" className="text-ui-fg-subtle">{hint("min_order_amount")}</Text>
          </div>
          <CurrencyAmountRows
            id="loyalty-referrals-min_order_amount"
            name="min_order_amount"
            rows={referrals.min_order_amount}
            currencies={currencies}
            amountLabel={label("min_amount")}
            addLabel={label("add_min_amount")}
            errors={errors}
            onChange={(min_order_amount) => set({ min_order_amount })}
          />
        </div>
        <ReferralCouponFields coupon={referrals.coupon} currencies={currencies} errors={errors} onChange={(coupon) => set({ coupon })} />
      </div>
      <div className="flex flex-col gap-4">
        <Heading level="h3">{t("loyalty.settings.referrals.groups.review")}</Heading>
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          {REVIEW.map(number)}
          <FormField id="loyalty-referrals-review_default" label={label("review_default")} hint={hint("review_default")}>
            <Select value={referrals.review_default} onValueChange={(value) => set({ review_default: value as ReferralForm["review_default"] })}>
              <Select.Trigger id="loyalty-referrals-review_default">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {DECISIONS.map((decision) => (
                  <Select.Item key={decision} value={decision}>
                    {t(`loyalty.settings.referrals.decisions.${decision}`)}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </FormField>
        </div>
      </div>
      <ReferralSourcesFields sources={referrals.external_sources} errors={errors} onChange={(external_sources) => set({ external_sources })} />
    </div>
  )
}
