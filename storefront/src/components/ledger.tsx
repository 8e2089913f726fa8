import { useState } from "react"
import { useQuery } from "@tanstack/react-query"
import { useTranslation } from "react-i18next"
import { useStore } from "../store"
import { rowLine } from "../lib/points"
import { formatDate, formatPoints } from "../lib/format"

const PAGE = 10

/** The points history, a page at a time, each row in plain words. */
export function Ledger() {
  const { t, i18n } = useTranslation()
  const { points } = useStore()
  const [offset, setOffset] = useState(0)
  const page = useQuery({
    queryKey: ["transactions", offset],
    queryFn: () => points.transactions({ limit: PAGE, offset }),
  })
  const lang = i18n.language
  const count = page.data?.count ?? 0
  return (
    <section className="card" data-testid="ledger">
      <h2>{t("ledger.title")}</h2>
      <ul className="ledger">
        {page.data?.transactions.map((row) => {
          const line = rowLine(row)
          return (
            <li key={row.id} data-testid="ledger-row" className={row.status === "void" ? "void" : ""}>
              <span className="grow">
                {t(line.key, line.values)}
                <span className="muted small">
                  {" · "}
                  {formatDate(row.created_at, lang)}
                  {row.status === "pending" && row.available_at && ` · ${t("account.available_on", { date: formatDate(row.available_at, lang) })}`}
                  {row.status === "void" && ` · ${t("ledger.void")}`}
                </span>
              </span>
              <span className={row.points < 0 ? "minus" : "plus"} data-testid="ledger-points">
                {row.points > 0 ? "+" : ""}
                {formatPoints(row.points, lang)}
              </span>
            </li>
          )
        })}
      </ul>
      {count === 0 && !page.isLoading && <p className="muted">{t("ledger.empty")}</p>}
      <div className="row pager">
        <span className="muted" data-testid="ledger-range">
          {t("ledger.range", { from: count ? offset + 1 : 0, to: Math.min(offset + PAGE, count), count })}
        </span>
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>{t("ledger.previous")}</button>
        <button type="button" disabled={offset + PAGE >= count} onClick={() => setOffset(offset + PAGE)}>{t("ledger.next")}</button>
      </div>
    </section>
  )
}
