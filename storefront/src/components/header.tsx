import { Link, NavLink } from "react-router-dom"
import { useTranslation } from "react-i18next"
import { LANGUAGES } from "../i18n"
import { useStore } from "../store"
import { useEnrolled } from "../hooks"

export function Header() {
  const { t, i18n } = useTranslation()
  const { customer, cart, signOut } = useStore()
  // The account page is the points account: a shopper in the holdout group has none.
  const enrolled = useEnrolled()
  const count = cart?.items?.reduce((sum, item) => sum + item.quantity, 0) ?? 0
  return (
    <header className="header">
      <Link to="/" className="brand">{t("brand")}</Link>
      <nav className="nav">
        <NavLink to="/">{t("nav.shop")}</NavLink>
        <NavLink to="/cart" data-testid="nav-cart">{t("nav.cart", { count })}</NavLink>
        {customer ? (
          <>
            {enrolled !== false && <NavLink to="/account">{t("nav.account")}</NavLink>}
            <button type="button" className="link" onClick={() => void signOut()}>{t("nav.sign_out")}</button>
          </>
        ) : (
          <NavLink to="/sign-in">{t("nav.sign_in")}</NavLink>
        )}
        <select
          aria-label={t("nav.language")}
          value={i18n.language}
          onChange={(event) => void i18n.changeLanguage(event.target.value)}
        >
          {LANGUAGES.map((lng) => (
            <option key={lng} value={lng}>{t(`languages.${lng}`)}</option>
          ))}
        </select>
      </nav>
    </header>
  )
}
