import { useState, type FormEvent } from "react"
import { useNavigate, useSearchParams } from "react-router-dom"
import { useTranslation } from "react-i18next"
import { clearReferral, pendingReferral, useStore } from "../store"
import { messageOf } from "../lib/errors"

export function SignInPage() {
  const { t } = useTranslation()
  const { signIn, register, points, config } = useStore()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const next = params.get("next") || "/account"
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const run = async (event: FormEvent<HTMLFormElement>, action: (form: FormData) => Promise<void>) => {
    event.preventDefault()
    setError(null)
    setBusy(true)
    try {
      await action(new FormData(event.currentTarget))
      navigate(next)
    } catch (caught) {
      setError(messageOf(caught))
    } finally {
      setBusy(false)
    }
  }

  const onSignIn = (event: FormEvent<HTMLFormElement>) =>
    run(event, (form) => signIn(String(form.get("email")), String(form.get("password"))))

  const onRegister = (event: FormEvent<HTMLFormElement>) =>
    run(event, async (form) => {
      await register({
        email: String(form.get("email")),
        password: String(form.get("password")),
        first_name: String(form.get("first_name")),
        last_name: String(form.get("last_name")),
      })
      // Came through a referral link: bind the new shopper to the friend's code now.
      const ref = pendingReferral()
      if (ref) {
        await points.referrals.claim({ code: ref }).catch(() => {})
        clearReferral()
      }
    })

  return (
    <div className="columns">
      <section className="card">
        <h1>{t("sign_in.title")}</h1>
        {config.demo_shopper && (
          <p className="hint" data-testid="demo-login">
            {t("sign_in.demo", { email: config.demo_shopper.email, password: config.demo_shopper.password })}
          </p>
        )}
        <form onSubmit={onSignIn} className="form">
          <label>{t("fields.email")}<input name="email" type="email" required autoComplete="email" /></label>
          <label>{t("fields.password")}<input name="password" type="password" required autoComplete="current-password" /></label>
          <button type="submit" className="primary" disabled={busy}>{t("sign_in.submit")}</button>
        </form>
      </section>
      <section className="card">
        <h2>{t("register.title")}</h2>
        <form onSubmit={onRegister} className="form" data-testid="register-form">
          <label>{t("fields.first_name")}<input name="first_name" required autoComplete="given-name" /></label>
          <label>{t("fields.last_name")}<input name="last_name" required autoComplete="family-name" /></label>
          <label>{t("fields.email")}<input name="email" type="email" required autoComplete="email" /></label>
          <label>{t("fields.password")}<input name="password" type="password" required minLength={8} autoComplete="new-password" /></label>
          <button type="submit" className="primary" disabled={busy}>{t("register.submit")}</button>
        </form>
      </section>
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  )
}
