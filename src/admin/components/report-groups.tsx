import { Heading, Table, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { Report } from "../hooks/loyalty-admin"
import { percent, useMoney } from "./report-figures"

const GROUPS = ["redeemers", "non_redeemers", "non_members"] as const

/**
 * Members who redeemed, members who did not and non-members side by side: how
 * many ordered in the period, how many came back, orders per customer and the
 * average order in each currency the store sells in.
 */
export const ReportGroups = ({ report, currencies }: { report: Report; currencies: string[] | undefined }) => {
  const { t } = useTranslation()
  const money = useMoney()
  const groups = GROUPS.map((key) => report.groups[key])
  const sold = [...new Set(groups.flatMap((g) => g.average_order_value.map((a) => a.currency_code)))]
    .filter((code) => currencies?.includes(code))
    .sort()
  const rows: { key: string; label: string; cells: string[] }[] = [
    { key: "customers", label: t("loyalty.reports.groups.customers"), cells: groups.map((g) => String(g.customers)) },
    { key: "repeat_rate", label: t("loyalty.reports.groups.repeat_rate"), cells: groups.map((g) => percent(g.rate)) },
    {
      key: "orders_per_customer",
      label: t("loyalty.reports.groups.orders_per_customer"),
      cells: groups.map((g) => (g.orders_per_customer === null ? "–" : String(g.orders_per_customer))),
    },
    ...sold.map((code) => ({
      key: `aov-${code}`,
      label: t("loyalty.reports.groups.average_order", { currency: code.toUpperCase() }),
      cells: groups.map((g) => {
        const aov = g.average_order_value.find((a) => a.currency_code === code)
        return aov ? money(aov.amount, code) : "–"
      }),
    })),
  ]
  return (
    <div className="flex flex-col gap-2" data-testid="loyalty-report-groups">
      <Heading level="h2">{t("loyalty.reports.groups.title")}</Heading>
      <Text size="small" className="text-ui-fg-subtle">{t("loyalty.reports.groups.description")}</Text>
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell />
            {GROUPS.map((key) => (
              <Table.HeaderCell key={key} className="text-right">{t(`loyalty.reports.groups.${key}`)}</Table.HeaderCell>
            ))}
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((row) => (
            <Table.Row key={row.key}>
              <Table.Cell>{row.label}</Table.Cell>
              {row.cells.map((cell, i) => (
                <Table.Cell key={GROUPS[i]} className="text-right">{cell}</Table.Cell>
              ))}
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </div>
  )
}
