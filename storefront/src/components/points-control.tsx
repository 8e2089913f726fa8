import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import type { HttpTypes } from "@medusajs/types"
import type { LoyaltyProgram } from "medusa-loyalty/client"
import { useStore } from "../store"
import { useEstimate } from "../hooks"
import { pointsValue, redeemBounds } from "../lib/points"
import { formatMoney, formatPoints } from "../lib/format"
import { messageOf } from "../lib/errors"

/**
 * Paying with points at checkout: the balance, what the cart earns, a slider (and a field)
 * from min_redeem_points to the cart's max_redeemable_points, the money it takes off, and
 * apply / change / remove. A refusal is the server's message as it is. `onChanged` runs
 * after each change: the cart's totals and its payment collection changed on the server.
 */
export function PointsControl({ cart, program, onChanged }: { cart: HttpTypes.StoreCart; program: LoyaltyProgram; onChanged: () => Promise<void> }) {
  const { t, i18n } = useTranslation()
  const { points } = useStore()
  const estimate = useEstimate(cart.id)
  const [value, setValue] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const data = estimate.data
  const bounds = redeemBounds(program.min_redeem_points, data?.max_redeemable_points ?? 0)
  useEffect(() => {
    if (data && value === null) setValue(data.applied_points || bounds.max)
  }, [data, value, bounds.max])

  if (!data) return <section className="card points"><p>{t("loading")}</p></section>
  const chosen = value ?? 0
  const lang = i18n.language
  const money = (amount: number) => formatMoney(amount, cart.currency_code, lang)

  const change = async (action: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    try {
      await action()
      await onChanged()
      await estimate.refetch()
    } catch (caught) {
      setError(messageOf(caught))
    } finally {
      setBusy(false)
    }
  }
  const apply = () => change(() => points.cart(cart.id).apply(chosen))
  const remove = () =>
    change(async () => {
      await points.cart(cart.id).remove()
      setValue(null)
    })

  return (
    <section className="card points" data-testid="points-control">
      <h2>{t("points.title")}</h2>
      <dl className="facts">
        <dt>{t("points.balance")}</dt>
        <dd data-testid="points-balance">{formatPoints(data.balance, lang)}</dd>
        <dt>{t("points.earns")}</dt>
        <dd data-testid="points-earnable">{formatPoints(data.earnable_points, lang)}</dd>
        <dt>{t("points.applied")}</dt>
        <dd data-testid="points-applied">
          {formatPoints(data.applied_points, lang)}
          {data.applied_points > 0 && ` (−${money(pointsValue(data.applied_points, program.point_values, cart.currency_code))})`}
        </dd>
      </dl>
      {data.notice && <p className="notice" role="status">{data.notice.message}</p>}
      {bounds.usable ? (
        <div className="slider">
          <label htmlFor="points-range">{t("points.choose", { min: formatPoints(bounds.min, lang), max: formatPoints(bounds.max, lang) })}</label>
          <input
            id="points-range"
            type="range"
            min={bounds.min}
            max={bounds.max}
            step={1}
            value={Math.min(Math.max(chosen, bounds.min), bounds.max)}
            onChange={(event) => setValue(Number(event.target.value))}
          />
          <div className="row">
            <input
              aria-label={t("points.amount")}
              data-testid="points-input"
              type="number"
              inputMode="numeric"
              min={0}
              value={chosen}
              onChange={(event) => setValue(Number(event.target.value))}
            />
            <span data-testid="points-money">{t("points.takes_off", { amount: money(pointsValue(chosen, program.point_values, cart.currency_code)) })}</span>
          </div>
        </div>
      ) : (
        <p className="muted" data-testid="points-unusable">
          {t("points.unusable", { min: formatPoints(bounds.min, lang), max: formatPoints(bounds.max, lang) })}
        </p>
      )}
      <div className="row">
        {(bounds.usable || data.applied_points > 0) && (
          <button type="button" className="primary" disabled={busy} onClick={() => void apply()}>
            {data.applied_points > 0 ? t("points.change") : t("points.apply")}
          </button>
        )}
        {data.applied_points > 0 && (
          <button type="button" disabled={busy} onClick={() => void remove()}>{t("points.remove")}</button>
        )}
      </div>
      {error && <p className="error" role="alert" data-testid="points-error">{error}</p>}
    </section>
  )
}
