import { Select } from "@medusajs/ui"
import { useTranslation } from "react-i18next"

/** "EUR · Euro", the name in the admin's language where the browser knows it. */
function currencyName(code: string, language: string) {
  try {
    const name = new Intl.DisplayNames([language], { type: "currency" }).of(code.toUpperCase())
    return name && name.toUpperCase() !== code.toUpperCase() ? `${code.toUpperCase()} · ${name}` : code.toUpperCase()
  } catch {
    return code.toUpperCase()
  }
}

/**
 * A currency of the store's, picked from its supported currencies (codes in `taken` are left
 * out: another row has them). A saved code the store no longer supports stays selectable,
 * marked, so that its row can be seen and removed. Until the store's currencies are known
 * (`currencies` undefined), only the saved code is offered, unmarked.
 */
export const CurrencySelect = ({
  id,
  value,
  currencies,
  taken = [],
  onChange,
}: {
  id: string
  value: string
  currencies: string[] | undefined
  taken?: string[]
  onChange: (code: string) => void
}) => {
  const { t, i18n } = useTranslation()
  const options = (currencies ?? [value]).filter((code) => code && (code === value || !taken.includes(code)))
  const foreign = currencies && value && !currencies.includes(value)
  return (
    <Select value={value} onValueChange={onChange}>
      <Select.Trigger id={id} className="w-64">
        <Select.Value placeholder={t("loyalty.settings.fields.pick_currency")} />
      </Select.Trigger>
      <Select.Content>
        {options.map((code) => (
          <Select.Item key={code} value={code}>
            {currencyName(code, i18n.language)}
          </Select.Item>
        ))}
        {foreign && (
          <Select.Item value={value}>
            {t("loyalty.settings.fields.not_a_store_currency", { currency: value.toUpperCase() })}
          </Select.Item>
        )}
      </Select.Content>
    </Select>
  )
}
