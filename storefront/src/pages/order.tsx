import { useState } from "react"
import { Link, useParams } from "react-router-dom"
import { useQuery } from "@tanstack/react-query"
import { useTranslation } from "react-i18next"
import { useStore } from "../store"
import { useEnrolled } from "../hooks"
import { Totals } from "../components/totals"
import { orderPoints } from "../lib/points"
import { formatDate, formatPoints } from "../lib/format"
import { messageOf } from "../lib/errors"

const MAX_WAIT_MS = 30_000

/** The confirmation: the order, the points it spent and earned, and when those become spendable. */
export function OrderPage() {
  const { t, i18n } = useTranslation()
  const { id } = useParams()
  const { sdk, points } = useStore()
  const [since] = useState(() => Date.now())
  // A shopper in the holdout group earns nothing and is shown no points.
  const enrolled = useEnrolled()
  const order = useQuery({ queryKey: ["order", id], queryFn: async () => (await sdk.store.order.retrieve(id!)).order })
  // The points are written when the store handles order.placed, just after the order: ask again until they are there.
  const ledger = useQuery({
    queryKey: ["order-points", id],
    queryFn: async () => orderPoints((await points.transactions({ order_id: id, limit: 50 })).transactions),
    enabled: enrolled === true,
    refetchInterval: (query) => (query.state.data?.settled || Date.now() - since > MAX_WAIT_MS ? false : 1000),
  })
  // An order may earn nothing (all of it excluded from earning): after a while, what is there is all.
  const waiting = !ledger.data?.settled && ledger.dataUpdatedAt - since <= MAX_WAIT_MS
  const lang = i18n.language
  if (order.error) return <p className="error">{messageOf(order.error)}</p>
  if (!order.data) return <p>{t("loading")}</p>
  const o = order.data
  const summary = ledger.data
  return (
    <>
      <h1>{t("order.title", { number: o.display_id })}</h1>
      <p>{t("order.thanks", { email: o.email })}</p>
      <div className="columns">
        {enrolled && <section className="card" data-testid="order-points">
          <h2>{t("order.points")}</h2>
          {waiting && <p className="muted">{t("order.points_pending")}</p>}
          {summary && !waiting && (
            <dl className="facts">
              <dt>{t("order.spent")}</dt>
              <dd data-testid="order-spent">{formatPoints(summary.spent, lang)}</dd>
              <dt>{t("order.earned")}</dt>
              <dd data-testid="order-earned">{formatPoints(summary.earned, lang)}</dd>
              {summary.earned > 0 && (
                <>
                  <dt>{t("order.available")}</dt>
                  <dd data-testid="order-available">
                    {summary.availableAt ? t("order.available_on", { date: formatDate(summary.availableAt, lang) }) : t("order.available_now")}
                  </dd>
                </>
              )}
            </dl>
          )}
          <Link to="/account">{t("order.to_account")}</Link>
        </section>}
        <section className="card">
          <h2>{t("checkout.summary")}</h2>
          <ul className="lines">
            {o.items?.map((item) => (
              <li key={item.id}><span className="grow">{item.product_title}</span><span>× {item.quantity}</span></li>
            ))}
          </ul>
          <Totals cart={o} />
        </section>
      </div>
    </>
  )
}
