import { Heading, Table, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { HoldoutComparison, HoldoutGroup } from "../hooks/loyalty-admin"

const percent = (rate: number | null) => (rate === null ? "–" : `${Math.round(rate * 1000) / 10} %`)
const FIGURES = ["customers", "ordering_customers", "repeat_rate", "orders_per_customer"] as const
const decimal = (value: number | null) => (value === null ? "–" : String(Math.round(value * 100) / 100))

/**
 * Held-out customers against enrolled customers of the same sign-up months, for the report's
 * period: what the program adds. Each figure shows the count it is taken of, so a small
 * group reads as the rough figure it is.
 */
export const LoyaltyHoldoutReport = ({ holdout }: { holdout: HoldoutComparison | null | undefined }) => {
  const { t, i18n } = useTranslation()
  if (!holdout) {
    return null
  }
  const money = (amount: number, currency: string) =>
    new Intl.NumberFormat(i18n.language, { style: "currency", currency: currency.toUpperCase() }).format(amount)
  const currencies = [
    ...new Set([...holdout.holdout.average_order_value, ...holdout.enrolled.average_order_value].map((v) => v.currency_code)),
  ].sort()
  const of = (count: number) => t("loyalty.reports.holdout.of", { count })
  const cells: Record<(typeof FIGURES)[number], (group: HoldoutGroup) => string> = {
    customers: (g) => String(g.customers),
    ordering_customers: (g) => `${g.ordering_customers} ${of(g.customers)}`,
    repeat_rate: (g) => `${percent(g.repeat_rate)} (${g.repeat_customers} ${of(g.ordering_customers)})`,
    orders_per_customer: (g) => `${decimal(g.orders_per_customer)} (${g.orders} ${of(g.customers)})`,
  }
  const rows = [
    ...FIGURES.map((key) => ({ key, label: t(`loyalty.reports.holdout.${key}`), cell: cells[key] })),
    ...currencies.map((currency) => ({
      key: `aov_${currency}`,
      label: t("loyalty.reports.holdout.average_order_value", { currency: currency.toUpperCase() }),
      cell: (g: HoldoutGroup) => {
        const value = g.average_order_value.find((v) => v.currency_code === currency)
        return value ? `${money(value.average, currency)} (${t("loyalty.reports.holdout.orders", { count: value.orders })})` : "–"
      },
    })),
  ]

  return (
    <div className="flex flex-col gap-2" data-testid="loyalty-holdout-report">
      <Heading level="h2">{t("loyalty.reports.holdout.title")}</Heading>
      <Text size="small" className="text-ui-fg-subtle">
        {holdout.months.length
          ? t("loyalty.reports.holdout.hint", { months: holdout.months.join(", ") })
          : t("loyalty.reports.holdout.no_months")}
      </Text>
      {holdout.months.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell />
              <Table.HeaderCell className="text-right">{t("loyalty.reports.holdout.enrolled")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("loyalty.reports.holdout.held_out")}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rows.map((row) => (
              <Table.Row key={row.key}>
                <Table.Cell>{row.label}</Table.Cell>
                <Table.Cell className="text-right">{row.cell(holdout.enrolled)}</Table.Cell>
                <Table.Cell className="text-right">{row.cell(holdout.holdout)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </div>
  )
}
