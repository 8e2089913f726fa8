import { useState, type FormEvent } from "react"
import { useQuery, useQueryClient } from "@tanstack/react-query"
import { useTranslation } from "react-i18next"
import type { LoyaltyProgram } from "medusa-loyalty/client"
import { useStore } from "../store"
import { formatDate, formatPoints } from "../lib/format"
import { messageOf } from "../lib/errors"

/** The shopper's referral code and link, the friends they brought, and a friend's code to claim. */
export function Referrals({ program }: { program: LoyaltyProgram }) {
  const { t, i18n } = useTranslation()
  const { points } = useStore()
  const queryClient = useQueryClient()
  const network = useQuery({ queryKey: ["referrals"], queryFn: () => points.referrals.network({ limit: 20 }) })
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [copied, setCopied] = useState(false)
  const lang = i18n.language
  const n = network.data

  const claim = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const code = String(new FormData(event.currentTarget).get("code") ?? "").trim()
    setMessage(null)
    try {
      const { referral } = await points.referrals.claim({ code })
      setMessage({ ok: true, text: t("referrals.claimed", { code: referral?.code ?? code }) })
      await queryClient.invalidateQueries()
    } catch (caught) {
      setMessage({ ok: false, text: messageOf(caught) })
    }
  }
  const copy = async (text: string) => {
    await navigator.clipboard?.writeText(text).catch(() => {})
    setCopied(true)
  }

  return (
    <section className="card" data-testid="referrals">
      <h2>{t("referrals.title")}</h2>
      <p className="muted small">
        {t("referrals.promise", {
          referrer: formatPoints(program.referrals.referrer_points, lang),
          referee: formatPoints(program.referrals.referee_points, lang),
        })}
      </p>
      {n && (
        <>
          <dl className="facts">
            <dt>{t("referrals.code")}</dt>
            <dd data-testid="referral-code">{n.referral_code}</dd>
            {n.referral_link && (
              <>
                <dt>{t("referrals.link")}</dt>
                <dd className="breakable">
                  <a href={n.referral_link} data-testid="referral-link">{n.referral_link}</a>{" "}
                  <button type="button" className="link" onClick={() => void copy(n.referral_link!)}>
                    {copied ? t("referrals.copied") : t("referrals.copy")}
                  </button>
                </dd>
              </>
            )}
            {n.coupon_code && (
              <>
                <dt>{t("referrals.coupon")}</dt>
                <dd>{n.coupon_code}</dd>
              </>
            )}
            <dt>{t("referrals.friends")}</dt>
            <dd data-testid="referral-invitees">{n.totals.invitees}</dd>
            <dt>{t("referrals.earned")}</dt>
            <dd>{formatPoints(n.totals.points_earned, lang)}</dd>
            <dt>{t("referrals.pending")}</dt>
            <dd>{formatPoints(n.totals.points_pending, lang)}</dd>
          </dl>
          {n.invitees.length > 0 && (
            <ul className="lines" data-testid="invitees">
              {n.invitees.map((friend) => (
                <li key={friend.id}>
                  <span className="grow">
                    {friend.name} <span className="muted small">· {formatDate(friend.bound_at, lang)} · {t(`referrals.status.${friend.status}`)}</span>
                  </span>
                  <span>{t("referrals.orders", { count: friend.orders })}</span>
                  <span>+{formatPoints(friend.points_earned, lang)}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <form className="row" onSubmit={(event) => void claim(event)}>
        <input name="code" aria-label={t("referrals.claim_label")} placeholder={t("referrals.claim_label")} required />
        <button type="submit">{t("referrals.claim")}</button>
      </form>
      {message && <p className={message.ok ? "ok" : "error"} role={message.ok ? "status" : "alert"} data-testid="claim-message">{message.text}</p>}
    </section>
  )
}
