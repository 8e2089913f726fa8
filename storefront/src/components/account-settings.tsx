import { useState, type FormEvent } from "react"
import { useQueryClient } from "@tanstack/react-query"
import { useTranslation } from "react-i18next"
import type { LoyaltyAccount, LoyaltyProgram } from "medusa-loyalty/client"
import { useStore } from "../store"
import { formatPoints } from "../lib/format"
import { messageOf } from "../lib/errors"

/** Birthday (set once) and the newsletter choice; each may earn the program's bonus. */
export function AccountSettings({ account, program }: { account: LoyaltyAccount; program: LoyaltyProgram | undefined }) {
  const { t, i18n } = useTranslation()
  const { points } = useStore()
  const queryClient = useQueryClient()
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const birthday = String(form.get("birthday") ?? "")
    setMessage(null)
    try {
      await points.updateAccount({
        ...(birthday && !account.birthday ? { birthday } : {}),
        newsletter_opt_in: form.get("newsletter") === "on",
      })
      await queryClient.invalidateQueries({ queryKey: ["account"] })
      await queryClient.invalidateQueries({ queryKey: ["transactions"] })
      setMessage({ ok: true, text: t("settings.saved") })
    } catch (caught) {
      setMessage({ ok: false, text: messageOf(caught) })
    }
  }

  const lang = i18n.language
  return (
    <section className="card" data-testid="account-settings">
      <h2>{t("settings.title")}</h2>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <label>
          {t("settings.birthday")}
          <input name="birthday" type="date" defaultValue={account.birthday ?? ""} disabled={!!account.birthday} data-testid="birthday" />
        </label>
        <p className="muted small">
          {account.birthday ? t("settings.birthday_set") : t("settings.birthday_once")}
          {program?.birthday_bonus && ` ${t("settings.birthday_bonus", { points: formatPoints(program.birthday_bonus.points, lang) })}`}
        </p>
        <label className="choice">
          <input name="newsletter" type="checkbox" defaultChecked={account.newsletter_opt_in} data-testid="newsletter" />
          <span className="grow">
            {t("settings.newsletter")}
            {program?.newsletter_bonus && ` ${t("settings.newsletter_bonus", { points: formatPoints(program.newsletter_bonus.points, lang) })}`}
          </span>
        </label>
        <button type="submit" className="primary">{t("settings.save")}</button>
      </form>
      {message && <p className={message.ok ? "ok" : "error"} role={message.ok ? "status" : "alert"}>{message.text}</p>}
    </section>
  )
}
