import { useTranslation } from "react-i18next"
import type { HttpTypes } from "@medusajs/types"
import { formatMoney } from "../lib/format"

/** The cart's money as Medusa computed it. */
export function Totals({ cart }: { cart: HttpTypes.StoreCart }) {
  const { t, i18n } = useTranslation()
  const money = (amount: number | undefined) => formatMoney(amount ?? 0, cart.currency_code, i18n.language)
  return (
    <dl className="totals" data-testid="totals">
      <dt>{t("totals.items")}</dt>
      <dd data-testid="totals-items">{money(cart.item_total)}</dd>
      {(cart.discount_total ?? 0) > 0 && (
        <>
          <dt>{t("totals.discount")}</dt>
          <dd data-testid="totals-discount">−{money(cart.discount_total)}</dd>
        </>
      )}
      {(cart.shipping_methods?.length ?? 0) > 0 && (
        <>
          <dt>{t("totals.shipping")}</dt>
          <dd>{money(cart.shipping_total)}</dd>
        </>
      )}
      <dt>{t("totals.tax")}</dt>
      <dd>{money(cart.tax_total)}</dd>
      <dt className="total">{t("totals.total")}</dt>
      <dd className="total" data-testid="totals-total">{money(cart.total)}</dd>
    </dl>
  )
}
