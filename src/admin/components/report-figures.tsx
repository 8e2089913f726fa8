import { Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { Report } from "../hooks/loyalty-admin"

export const percent = (rate: number | null) => (rate === null ? "–" : `${Math.round(rate * 1000) / 10} %`)

/** A money amount in the admin's language. */
export function useMoney() {
  const { i18n } = useTranslation()
  return (amount: number, currency: string) =>
    new Intl.NumberFormat(i18n.language, { style: "currency", currency: currency.toUpperCase() }).format(amount)
}

/** One figure as a card: what it is, its value, and in a line how it is counted. */
export const FigureCard = ({ label, value, note, testId }: { label: string; value: string | number; note?: string; testId?: string }) => (
  <div className="shadow-elevation-card-rest bg-ui-bg-component flex flex-col gap-1 rounded-lg p-4" data-testid={testId}>
    <Text size="small" className="text-ui-fg-subtle">{label}</Text>
    <Text size="xlarge" weight="plus">{value}</Text>
    {note && <Text size="xsmall" className="text-ui-fg-muted">{note}</Text>}
  </div>
)

/**
 * The report's figures as cards, each with its short explanation: the points on
 * the accounts and what they would cost, participation, redemption, expiry and
 * the program's cost against members' revenue. Money only in the store's currencies.
 */
export const ReportFigures = ({ report, currencies }: { report: Report; currencies: string[] | undefined }) => {
  const { t, i18n } = useTranslation()
  const money = useMoney()
  const count = new Intl.NumberFormat(i18n.language)
  const sold = <Row extends { currency_code: string }>(rows: Row[]) => rows.filter((row) => currencies?.includes(row.currency_code))
  const afterBreakage = new Map(report.liability_after_breakage.map((l) => [l.currency_code, l.amount]))
  const { participation: p, redemption: r, expiry: e } = report
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4" data-testid="loyalty-report-figures">
      <FigureCard label={t("loyalty.reports.outstanding")} value={count.format(report.outstanding_points)} note={t("loyalty.reports.notes.outstanding")} />
      <FigureCard label={t("loyalty.reports.pending")} value={count.format(report.pending_points)} note={t("loyalty.reports.notes.pending")} />
      <FigureCard label={t("loyalty.reports.members")} value={count.format(report.members)} note={t("loyalty.reports.notes.members")} />
      <FigureCard label={t("loyalty.reports.active_members")} value={count.format(report.active_members)} note={t("loyalty.reports.notes.active_members")} />
      {sold(report.liability).map((l) => (
        <FigureCard
          key={l.currency_code}
          label={t("loyalty.reports.liability", { currency: l.currency_code.toUpperCase() })}
          value={money(l.amount, l.currency_code)}
          note={t("loyalty.reports.notes.liability", {
            amount: money(afterBreakage.get(l.currency_code) ?? l.amount, l.currency_code),
            share: percent(e.breakage_share),
          })}
          testId={`loyalty-liability-${l.currency_code}`}
        />
      ))}
      <FigureCard
        label={t("loyalty.reports.member_share")}
        value={percent(p.member_share)}
        note={t("loyalty.reports.notes.member_share", { members: p.member_customers, customers: p.ordering_customers })}
      />
      <FigureCard
        label={t("loyalty.reports.earning_order_share")}
        value={percent(p.earning_order_share)}
        note={t("loyalty.reports.notes.earning_order_share", { earning: p.earning_orders, orders: p.orders })}
      />
      <FigureCard
        label={t("loyalty.reports.redemption_rate")}
        value={percent(r.rate)}
        note={t("loyalty.reports.notes.redemption_rate", { redeemed: count.format(r.points_redeemed), issued: count.format(r.points_issued) })}
      />
      <FigureCard
        label={t("loyalty.reports.members_redeemed")}
        value={percent(r.member_share)}
        note={t("loyalty.reports.notes.members_redeemed", { redeemed: r.members_redeemed, members: r.members_ordering })}
      />
      <FigureCard
        label={t("loyalty.reports.points_order_share")}
        value={percent(r.order_share)}
        note={t("loyalty.reports.notes.points_order_share", { paid: r.points_orders, orders: r.orders })}
      />
      <FigureCard
        label={t("loyalty.reports.expiry_rate")}
        value={percent(e.rate)}
        note={t("loyalty.reports.notes.expiry_rate", { expired: count.format(e.points_expired), available: count.format(e.points_available) })}
      />
      <FigureCard
        label={t("loyalty.reports.breakage")}
        value={percent(e.breakage_share)}
        note={t("loyalty.reports.notes.breakage", { points: count.format(e.breakage_points) })}
      />
      {sold(report.program_cost).map((c) => (
        <FigureCard
          key={c.currency_code}
          label={t("loyalty.reports.program_cost", { currency: c.currency_code.toUpperCase() })}
          value={money(c.amount, c.currency_code)}
          note={t("loyalty.reports.notes.program_cost", {
            share: percent(c.revenue_share),
            revenue: money(c.member_revenue, c.currency_code),
          })}
          testId={`loyalty-program-cost-${c.currency_code}`}
        />
      ))}
    </div>
  )
}
