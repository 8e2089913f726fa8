import { useEffect, useState, type FormEvent } from "react"
import { Link, useNavigate } from "react-router-dom"
import { useQuery } from "@tanstack/react-query"
import { useTranslation } from "react-i18next"
import type { HttpTypes } from "@medusajs/types"
import { useStore } from "../store"
import { useProgram } from "../hooks"
import { Totals } from "../components/totals"
import { PointsControl } from "../components/points-control"
import { formatMoney } from "../lib/format"
import { messageOf } from "../lib/errors"

type Step = "address" | "shipping" | "payment" | "review"
const STEPS: Step[] = ["address", "shipping", "payment", "review"]

/** Where a cart left off: the first step it has not done. */
function stepOf(cart: HttpTypes.StoreCart): Step {
  if (!cart.shipping_address?.address_1) return "address"
  if (!cart.shipping_methods?.length) return "shipping"
  if (!cart.payment_collection?.payment_sessions?.length) return "payment"
  return "review"
}

/**
 * Checkout as Medusa's starters do it: address → shipping → payment session → review, where
 * the shopper may still change the points. A points change refreshes the payment collection on
 * the server (the session made for the old total is gone), so placing the order creates the
 * payment session again when it is missing, then completes the cart.
 */
export function CheckoutPage() {
  const { t } = useTranslation()
  const { cart } = useStore()
  const [step, setStep] = useState<Step | null>(null)
  useEffect(() => {
    if (cart && step === null) setStep(stepOf(cart))
  }, [cart, step])

  if (cart === undefined) return <p>{t("loading")}</p>
  if (!cart?.items?.length) {
    return <p>{t("cart.empty")} <Link to="/">{t("cart.browse")}</Link></p>
  }
  const current = step ?? stepOf(cart)
  return (
    <>
      <h1>{t("checkout.title")}</h1>
      <ol className="steps">
        {STEPS.map((s, i) => (
          <li key={s} className={s === current ? "current" : STEPS.indexOf(current) > i ? "done" : ""}>
            {STEPS.indexOf(current) > i ? (
              <button type="button" className="link" onClick={() => setStep(s)}>{t(`checkout.steps.${s}`)}</button>
            ) : (
              t(`checkout.steps.${s}`)
            )}
          </li>
        ))}
      </ol>
      <div className="columns">
        <div>
          {current === "address" && <AddressStep cart={cart} onDone={() => setStep("shipping")} />}
          {current === "shipping" && <ShippingStep cart={cart} onDone={() => setStep("payment")} />}
          {current === "payment" && <PaymentStep cart={cart} onDone={() => setStep("review")} />}
          {current === "review" && <ReviewStep cart={cart} />}
        </div>
        <section className="card">
          <h2>{t("checkout.summary")}</h2>
          <Totals cart={cart} />
        </section>
      </div>
    </>
  )
}

function AddressStep({ cart, onDone }: { cart: HttpTypes.StoreCart; onDone: () => void }) {
  const { t } = useTranslation()
  const { sdk, customer, refreshCart } = useStore()
  const [error, setError] = useState<string | null>(null)
  const address = cart.shipping_address
  const countries = cart.region?.countries ?? []

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const value = (name: string) => String(form.get(name) ?? "")
    const body = {
      first_name: value("first_name"),
      last_name: value("last_name"),
      address_1: value("address_1"),
      city: value("city"),
      postal_code: value("postal_code"),
      country_code: value("country_code"),
    }
    try {
      await sdk.store.cart.update(cart.id, { email: customer?.email ?? undefined, shipping_address: body, billing_address: body })
      await refreshCart()
      onDone()
    } catch (caught) {
      setError(messageOf(caught))
    }
  }

  return (
    <section className="card">
      <h2>{t("checkout.steps.address")}</h2>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <label>{t("fields.first_name")}<input name="first_name" required defaultValue={address?.first_name ?? customer?.first_name ?? ""} /></label>
        <label>{t("fields.last_name")}<input name="last_name" required defaultValue={address?.last_name ?? customer?.last_name ?? ""} /></label>
        <label>{t("fields.address")}<input name="address_1" required defaultValue={address?.address_1 ?? ""} /></label>
        <label>{t("fields.city")}<input name="city" required defaultValue={address?.city ?? ""} /></label>
        <label>{t("fields.postal_code")}<input name="postal_code" required defaultValue={address?.postal_code ?? ""} /></label>
        <label>
          {t("fields.country")}
          <select name="country_code" required defaultValue={address?.country_code ?? countries[0]?.iso_2 ?? ""}>
            {countries.map((c) => <option key={c.iso_2} value={c.iso_2 ?? ""}>{c.display_name}</option>)}
          </select>
        </label>
        <button type="submit" className="primary">{t("checkout.continue")}</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  )
}

function ShippingStep({ cart, onDone }: { cart: HttpTypes.StoreCart; onDone: () => void }) {
  const { t, i18n } = useTranslation()
  const { sdk, refreshCart } = useStore()
  const [error, setError] = useState<string | null>(null)
  const options = useQuery({
    queryKey: ["shipping-options", cart.id],
    queryFn: async () => (await sdk.store.fulfillment.listCartOptions({ cart_id: cart.id })).shipping_options,
  })
  const [chosen, setChosen] = useState<string | undefined>(cart.shipping_methods?.[0]?.shipping_option_id)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const optionId = chosen ?? options.data?.[0]?.id
    if (!optionId) return
    try {
      await sdk.store.cart.addShippingMethod(cart.id, { option_id: optionId })
      await refreshCart()
      onDone()
    } catch (caught) {
      setError(messageOf(caught))
    }
  }
  return (
    <section className="card">
      <h2>{t("checkout.steps.shipping")}</h2>
      {options.isLoading && <p>{t("loading")}</p>}
      <form className="form" onSubmit={(event) => void submit(event)}>
        {options.data?.map((option, index) => (
          <label key={option.id} className="choice">
            <input
              type="radio"
              name="shipping"
              value={option.id}
              checked={(chosen ?? options.data?.[0]?.id) === option.id || (!chosen && index === 0)}
              onChange={() => setChosen(option.id)}
            />
            <span className="grow">{option.name}</span>
            <span>{formatMoney(option.amount, cart.currency_code, i18n.language)}</span>
          </label>
        ))}
        <button type="submit" className="primary" disabled={!options.data?.length}>{t("checkout.continue")}</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  )
}

const SYSTEM_PAYMENT = "pp_system_default"

function PaymentStep({ cart, onDone }: { cart: HttpTypes.StoreCart; onDone: () => void }) {
  const { t } = useTranslation()
  const { sdk, refreshCart } = useStore()
  const [error, setError] = useState<string | null>(null)
  const providers = useQuery({
    queryKey: ["payment-providers", cart.region_id],
    queryFn: async () => (await sdk.store.payment.listPaymentProviders({ region_id: cart.region_id! })).payment_providers,
  })
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const provider = String(new FormData(event.currentTarget).get("provider") || SYSTEM_PAYMENT)
    try {
      await sdk.store.payment.initiatePaymentSession(cart, { provider_id: provider })
      await refreshCart()
      onDone()
    } catch (caught) {
      setError(messageOf(caught))
    }
  }
  return (
    <section className="card">
      <h2>{t("checkout.steps.payment")}</h2>
      <form className="form" onSubmit={(event) => void submit(event)}>
        {providers.data?.map((provider, index) => (
          <label key={provider.id} className="choice">
            <input type="radio" name="provider" value={provider.id} defaultChecked={index === 0} />
            <span className="grow">{provider.id === SYSTEM_PAYMENT ? t("checkout.system_payment") : provider.id}</span>
          </label>
        ))}
        <button type="submit" className="primary">{t("checkout.continue")}</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  )
}

function ReviewStep({ cart }: { cart: HttpTypes.StoreCart }) {
  const { t } = useTranslation()
  const { sdk, refreshCart, forgetCart } = useStore()
  const program = useProgram()
  const navigate = useNavigate()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const address = cart.shipping_address
  const sessionGone = !cart.payment_collection?.payment_sessions?.length
  const provider = cart.payment_collection?.payment_sessions?.[0]?.provider_id ?? SYSTEM_PAYMENT

  const placeOrder = async () => {
    setBusy(true)
    setError(null)
    try {
      // Points changed on this step: the session made for the old total is gone; make it again.
      let { cart: fresh } = await sdk.store.cart.retrieve(cart.id)
      if (!fresh.payment_collection?.payment_sessions?.length) {
        await sdk.store.payment.initiatePaymentSession(fresh, { provider_id: provider })
        fresh = (await sdk.store.cart.retrieve(cart.id)).cart
      }
      const result = await sdk.store.cart.complete(fresh.id)
      if (result.type !== "order") throw new Error(result.error?.message ?? t("checkout.not_placed"))
      forgetCart()
      navigate(`/order/${result.order.id}`)
    } catch (caught) {
      setError(messageOf(caught))
      await refreshCart()
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <section className="card">
        <h2>{t("checkout.steps.review")}</h2>
        <dl className="facts">
          <dt>{t("checkout.ship_to")}</dt>
          <dd>{[address?.first_name, address?.last_name].join(" ")}, {address?.address_1}, {address?.postal_code} {address?.city}</dd>
          <dt>{t("checkout.steps.shipping")}</dt>
          <dd>{cart.shipping_methods?.[0]?.name}</dd>
          <dt>{t("checkout.steps.payment")}</dt>
          <dd>{provider === SYSTEM_PAYMENT ? t("checkout.system_payment") : provider}</dd>
        </dl>
        {sessionGone && <p className="hint" data-testid="payment-refresh">{t("checkout.payment_refresh")}</p>}
      </section>
      {program.data && program.data.enabled && (
        <PointsControl cart={cart} program={program.data} onChanged={refreshCart} />
      )}
      <button type="button" className="primary wide" disabled={busy} onClick={() => void placeOrder()}>
        {t("checkout.place_order")}
      </button>
      {error && <p className="error" role="alert">{error}</p>}
    </>
  )
}
