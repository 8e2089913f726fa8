import { Link } from "react-router-dom"
import { useTranslation } from "react-i18next"
import { useStore } from "../store"
import { Totals } from "../components/totals"
import { formatMoney } from "../lib/format"

export function CartPage() {
  const { t, i18n } = useTranslation()
  const { cart, sdk, refreshCart } = useStore()
  if (!cart?.items?.length) {
    return (
      <>
        <h1>{t("cart.title")}</h1>
        <p>{t("cart.empty")} <Link to="/">{t("cart.browse")}</Link></p>
      </>
    )
  }
  const setQuantity = async (itemId: string, quantity: number) => {
    if (quantity < 1) await sdk.store.cart.deleteLineItem(cart.id, itemId)
    else await sdk.store.cart.updateLineItem(cart.id, itemId, { quantity })
    await refreshCart()
  }
  return (
    <>
      <h1>{t("cart.title")}</h1>
      <div className="columns">
        <section className="card">
          <ul className="lines">
            {cart.items.map((item) => (
              <li key={item.id}>
                <span className="grow">
                  {item.product_title}
                  {item.variant_title && item.variant_title !== "Default" && <span className="muted"> · {item.variant_title}</span>}
                </span>
                <span className="qty">
                  <button type="button" aria-label={t("cart.less")} onClick={() => void setQuantity(item.id, item.quantity - 1)}>−</button>
                  <span>{item.quantity}</span>
                  <button type="button" aria-label={t("cart.more")} onClick={() => void setQuantity(item.id, item.quantity + 1)}>+</button>
                </span>
                <span>{formatMoney(item.total, cart.currency_code, i18n.language)}</span>
              </li>
            ))}
          </ul>
        </section>
        <section className="card">
          <Totals cart={cart} />
          <Link to="/checkout" className="button primary">{t("cart.checkout")}</Link>
        </section>
      </div>
    </>
  )
}
