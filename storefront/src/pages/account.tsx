import { useTranslation } from "react-i18next"
import { useQuery } from "@tanstack/react-query"
import { useAccount, useEnrolled, useProgram } from "../hooks"
import { useStore } from "../store"
import { tierProgress } from "../lib/points"
import { formatDate, formatPoints } from "../lib/format"
import { messageOf } from "../lib/errors"
import { Ledger } from "../components/ledger"
import { AccountSettings } from "../components/account-settings"
import { Referrals } from "../components/referrals"

/** The points account: figures, tier, what expires next, the history, settings, referrals. */
export function AccountPage() {
  const { t, i18n } = useTranslation()
  const { points } = useStore()
  const account = useAccount()
  const program = useProgram()
  const enrolled = useEnrolled()
  // The points still pending and when each lot becomes spendable (newest rows first, 100 of them).
  const pendingLots = useQuery({
    queryKey: ["pending-lots"],
    queryFn: async () => (await points.transactions({ limit: 100 })).transactions.filter((row) => row.status === "pending"),
    enabled: enrolled === true,
  })
  const lang = i18n.language
  // A shopper in the holdout group is not in the program: no figures, no history, no referrals.
  if (enrolled === false) {
    return (
      <>
        <h1>{t("account.title")}</h1>
        <p className="muted" data-testid="not-enrolled">{t("account.not_enrolled")}</p>
      </>
    )
  }
  if (account.error) return <p className="error">{messageOf(account.error)}</p>
  if (!account.data) return <p>{t("loading")}</p>
  const a = account.data
  const progress = tierProgress(a)
  const figure = (key: string, value: number) => (
    <div className="figure" data-testid={`figure-${key}`}>
      <span className="label">{t(`account.${key}`)}</span>
      <span className="value">{formatPoints(value, lang)}</span>
    </div>
  )
  return (
    <>
      <h1>{t("account.title")}</h1>
      <section className="figures">
        {figure("balance", a.balance)}
        {figure("spendable", a.spendable)}
        {figure("pending", a.pending)}
        {figure("reserved", a.reserved)}
      </section>
      <div className="columns">
        <section className="card" data-testid="tier">
          <h2>{t("account.tier")}</h2>
          <p className="big" data-testid="tier-name">{a.tier?.name ?? t("account.no_tier")}</p>
          {a.next_tier && progress !== null ? (
            <>
              <div className="progress" role="progressbar" aria-valuenow={progress} aria-valuemin={0} aria-valuemax={100}>
                <span style={{ width: `${progress}%` }} />
              </div>
              <p className="muted" data-testid="tier-next">
                {t("account.to_next", { points: formatPoints(a.points_to_next_tier ?? 0, lang), tier: a.next_tier.name })}
              </p>
            </>
          ) : (
            a.tier && <p className="muted">{t("account.top_tier")}</p>
          )}
          <p className="muted">{t("account.tier_points", { points: formatPoints(a.tier_points, lang), days: program.data?.tier_window_days ?? 365 })}</p>
        </section>
        <section className="card" data-testid="pending-lots">
          <h2>{t("account.pending_title")}</h2>
          {pendingLots.data?.length ? (
            <ul className="lines">
              {pendingLots.data.map((row) => (
                <li key={row.id}>
                  <span className="amount">{formatPoints(row.remaining ?? row.points, lang)}</span>
                  <span className="grow end">{t("account.available_on", { date: formatDate(row.available_at, lang) })}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t("account.none_pending")}</p>
          )}
          <h2>{t("account.expiring_title")}</h2>
          {a.expiring.length ? (
            <ul className="lines" data-testid="expiring">
              {a.expiring.map((lot) => (
                <li key={lot.expires_at + lot.points}>
                  <span className="amount">{formatPoints(lot.points, lang)}</span>
                  <span className="grow end">{t("account.expires_on", { date: formatDate(lot.expires_at, lang) })}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t("account.none_expiring")}</p>
          )}
        </section>
      </div>
      <Ledger />
      <div className="columns">
        <AccountSettings account={a} program={program.data ?? undefined} />
        {program.data?.referrals.enabled && <Referrals program={program.data} />}
      </div>
    </>
  )
}
