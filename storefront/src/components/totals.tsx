import { useTranslation } from "react-i18next"
import { formatMoney } from "../lib/format"
import { totalsLines, type Totals as Money } from "../lib/totals"

/**
 * A cart's or an order's money as Medusa computed it: items and shipping before tax, the tax
 * before discounts, the discount with its tax (so 200 points of 1 cent show as −€2.00), the
 * total; the lines add up to the total.
 */
export function Totals({ cart }: { cart: Money & { currency_code: string } }) {
  const { t, i18n } = useTranslation()
  const money = (amount: number) => formatMoney(amount, cart.currency_code, i18n.language)
  const lines = totalsLines(cart)
  return (
    <dl className="totals" data-testid="totals">
      <dt>{t("totals.items")}</dt>
      <dd data-testid="totals-items">{money(lines.items)}</dd>
      {lines.discount > 0 && (
        <>
          <dt>{t("totals.discount")}</dt>
          <dd data-testid="totals-discount">−{money(lines.discount)}</dd>
        </>
      )}
      {lines.shipping !== null && (
        <>
          <dt>{t("totals.shipping")}</dt>
          <dd>{money(lines.shipping)}</dd>
        </>
      )}
      <dt>{t("totals.tax")}</dt>
      <dd>{money(lines.tax)}</dd>
      <dt className="total">{t("totals.total")}</dt>
      <dd className="total" data-testid="totals-total">{money(lines.total)}</dd>
    </dl>
  )
}
