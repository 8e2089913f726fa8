import { Input, Label, Select, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { COUPON_KINDS, type ReferralError, type ReferralForm } from "../lib/referral-form"
import { CurrencySelect } from "./currency-select"
import { FieldError } from "./field-error"

type Coupon = ReferralForm["coupon"]

/** The friend's first-order coupon: off, a percentage, or a fixed amount in one currency. */
export const ReferralCouponFields = ({
  coupon,
  currencies,
  errors,
  onChange,
}: {
  coupon: Coupon
  currencies: string[] | undefined
  errors: Record<string, ReferralError>
  onChange: (coupon: Coupon) => void
}) => {
  const { t } = useTranslation()
  const label = (name: string) => t(`loyalty.settings.referrals.fields.${name}`)
  const set = (change: Partial<Coupon>) => onChange({ ...coupon, ...change })
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-start gap-3">
        <div className="flex flex-col gap-1">
          <Label htmlFor="loyalty-referrals-coupon" size="small" weight="plus">{label("coupon")}</Label>
          <Select
            value={coupon.kind}
            onValueChange={(kind) => set({ kind: kind as Coupon["kind"], currency: coupon.currency || currencies?.[0] || "" })}
          >
            <Select.Trigger id="loyalty-referrals-coupon" className="w-64">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {COUPON_KINDS.map((kind) => (
                <Select.Item key={kind} value={kind}>
                  {t(`loyalty.settings.referrals.coupon_kinds.${kind}`)}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
        {coupon.kind === "percentage" && (
          <div className="flex flex-col gap-1">
            <Label htmlFor="loyalty-referrals-coupon-percent" size="small" weight="plus">{label("coupon_percent")}</Label>
            <Input
              id="loyalty-referrals-coupon-percent"
              type="number"
              step="any"
              min={0}
              max={100}
              value={coupon.percent}
              aria-invalid={!!errors["coupon.percent"]}
              onChange={(e) => set({ percent: e.target.value })}
            />
            <FieldError id="loyalty-referrals-coupon-percent-error" error={errors["coupon.percent"]} />
          </div>
        )}
        {coupon.kind === "fixed" && (
          <>
            <div className="flex flex-col gap-1">
              <Label htmlFor="loyalty-referrals-coupon-currency" size="small" weight="plus">{t("loyalty.settings.fields.currency_code")}</Label>
              <CurrencySelect
                id="loyalty-referrals-coupon-currency"
                value={coupon.currency}
                currencies={currencies}
                onChange={(currency) => set({ currency })}
              />
              <FieldError id="loyalty-referrals-coupon-currency-error" error={errors["coupon.currency"]} />
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="loyalty-referrals-coupon-amount" size="small" weight="plus">{label("coupon_amount")}</Label>
              <Input
                id="loyalty-referrals-coupon-amount"
                type="number"
                step="any"
                min={0}
                value={coupon.amount}
                aria-invalid={!!errors["coupon.amount"]}
                onChange={(e) => set({ amount: e.target.value })}
              />
              <FieldError id="loyalty-referrals-coupon-amount-error" error={errors["coupon.amount"]} />
            </div>
          </>
        )}
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle">{t("loyalty.settings.referrals.hints.coupon")}</Text>
    </div>
  )
}
