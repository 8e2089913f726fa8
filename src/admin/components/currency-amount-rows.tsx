import { Button, Input, Label } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { AmountRow, ReferralError } from "../lib/referral-form"
import { CurrencySelect } from "./currency-select"
import { FieldError } from "./field-error"

/**
 * An amount of money per currency, a row each (as point values are edited): a currency of the
 * store's, taken once, and its amount; the add button adds the first currency without a row.
 */
export const CurrencyAmountRows = ({
  id,
  name,
  rows,
  currencies,
  amountLabel,
  addLabel,
  errors,
  onChange,
}: {
  /** The rows' element id prefix. */
  id: string
  /** The key prefix of their errors (`<name>.<index>.amount`). */
  name: string
  rows: AmountRow[]
  currencies: string[] | undefined
  amountLabel: string
  /** What the add button says (as each list names what it adds). */
  addLabel: string
  errors: Record<string, ReferralError>
  onChange: (rows: AmountRow[]) => void
}) => {
  const { t } = useTranslation()
  const field = (name: string) => t(`loyalty.settings.fields.${name}`)
  const unlisted = currencies?.find((code) => !rows.some((row) => row.currency === code))
  const setRow = (index: number, change: Partial<AmountRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)))
  return (
    <div className="flex flex-col gap-3">
      {rows.map((row, index) => (
        <div key={index} className="flex items-start gap-3">
          <div className="flex flex-col gap-1">
            <Label htmlFor={`${id}-currency-${index}`} size="xsmall">{field("currency_code")}</Label>
            <CurrencySelect
              id={`${id}-currency-${index}`}
              value={row.currency}
              currencies={currencies}
              taken={rows.map((other) => other.currency)}
              onChange={(currency) => setRow(index, { currency })}
            />
            <FieldError id={`${id}-currency-${index}-error`} error={errors[`${name}.${index}.currency`]} />
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor={`${id}-amount-${index}`} size="xsmall">{amountLabel}</Label>
            <Input
              id={`${id}-amount-${index}`}
              type="number"
              step="any"
              min={0}
              value={row.amount}
              aria-invalid={!!errors[`${name}.${index}.amount`]}
              onChange={(e) => setRow(index, { amount: e.target.value })}
            />
            <FieldError id={`${id}-amount-${index}-error`} error={errors[`${name}.${index}.amount`]} />
          </div>
          <Button className="mt-6" size="small" variant="transparent" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            {field("remove")}
          </Button>
        </div>
      ))}
      <div>
        <Button size="small" variant="secondary" disabled={!unlisted} onClick={() => unlisted && onChange([...rows, { currency: unlisted, amount: "" }])}>
          {addLabel}
        </Button>
      </div>
    </div>
  )
}
