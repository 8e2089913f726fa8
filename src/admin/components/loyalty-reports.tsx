import { Button, Heading, Input, Label, Table, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import { useLoyaltyReport } from "../hooks/loyalty-admin"
import { useStoreCurrencies } from "../hooks/store-currencies"
import { exportFileName, saveFile } from "../lib/csv-download"
import { sdk } from "../lib/sdk"
import { LoyaltyHoldoutReport } from "./loyalty-holdout-report"
import { MonthChart } from "./month-chart"
import { ReportFigures } from "./report-figures"
import { ReportGroups } from "./report-groups"

const isoDay = (date: Date) => date.toISOString().slice(0, 10)
/** Every month of the period, with zeros where nothing moved, so the chart shows the gaps. */
function monthsOf<Row extends { month: string }>(from: string, to: string, rows: Row[], empty: Omit<Row, "month">): Row[] {
  const months: Row[] = []
  const cursor = new Date(`${from.slice(0, 7)}-01T00:00:00Z`)
  const last = to.slice(0, 7)
  while (cursor.toISOString().slice(0, 7) <= last && months.length < 61) {
    const month = cursor.toISOString().slice(0, 7)
    months.push(rows.find((row) => row.month === month) ?? ({ ...empty, month } as Row))
    cursor.setUTCMonth(cursor.getUTCMonth() + 1)
  }
  return months
}

/** The program's figures for a chosen period as cards, members against others, points per month as a chart, and the CSV. */
export const LoyaltyReports = () => {
  const { t } = useTranslation()
  const today = new Date()
  const [from, setFrom] = useState(isoDay(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 11, 1))))
  const [to, setTo] = useState(isoDay(new Date(today.getTime() + 24 * 60 * 60 * 1000)))
  const report = useLoyaltyReport(from, to)
  const data = report.data?.report
  // Money only in the currencies the store sells in (a point value kept for another currency
  // costs nothing: nobody can spend in it).
  const currencies = useStoreCurrencies().data
  const [exporting, setExporting] = useState(false)
  useEffect(() => {
    if (report.error) toast.error(report.error.message)
  }, [report.error])
  const months = data ? monthsOf(from, to, data.months, { issued: 0, spent: 0, expired: 0, reversed: 0 }) : []
  const series = [
    { key: "issued", label: t("loyalty.reports.issued"), color: "#3b82f6" },
    { key: "spent", label: t("loyalty.reports.redeemed"), color: "#10b981" },
    { key: "expired", label: t("loyalty.reports.expired"), color: "#f59e0b" },
    { key: "reversed", label: t("loyalty.reports.reversed"), color: "#ef4444" },
  ] as const
  const exportCsv = async () => {
    setExporting(true)
    try {
      const response = await sdk.client.fetch<Response>("/admin/loyalty/reports/export", {
        query: { from, to },
        headers: { accept: "text/csv" },
      })
      saveFile(await response.blob(), exportFileName(response, "loyalty-report.csv"))
    } catch (error) {
      toast.error((error as Error).message)
    } finally {
      setExporting(false)
    }
  }

  return (
    <div className="flex flex-col gap-6 px-6 py-4">
      <div className="flex flex-wrap items-end gap-4">
        {([["from", from, setFrom], ["to", to, setTo]] as const).map(([name, value, set]) => (
          <div key={name} className="flex flex-col gap-1">
            <Label htmlFor={`loyalty-report-${name}`}>{t(`loyalty.reports.${name}`)}</Label>
            <Input id={`loyalty-report-${name}`} type="date" value={value} onChange={(e) => e.target.value && set(e.target.value)} />
          </div>
        ))}
        <Button size="small" variant="secondary" onClick={exportCsv} isLoading={exporting} disabled={!data} data-testid="loyalty-report-export">
          {t("loyalty.reports.export")}
        </Button>
      </div>
      {report.error && <Text className="text-ui-fg-error">{report.error.message}</Text>}
      {data && (
        <>
          <ReportFigures report={data} currencies={currencies} />
          <ReportGroups report={data} currencies={currencies} />
          <div className="flex flex-col gap-2">
            <Heading level="h2">{t("loyalty.reports.per_month")}</Heading>
            {data.months.length ? (
              <>
                <MonthChart rows={months} series={[...series]} />
                <Table>
                  <Table.Header>
                    <Table.Row>
                      <Table.HeaderCell>{t("loyalty.reports.month")}</Table.HeaderCell>
                      {series.map((s) => (
                        <Table.HeaderCell key={s.key} className="text-right">{s.label}</Table.HeaderCell>
                      ))}
                    </Table.Row>
                  </Table.Header>
                  <Table.Body>
                    {months.filter((row) => series.some((s) => row[s.key])).map((row) => (
                      <Table.Row key={row.month}>
                        <Table.Cell>{row.month}</Table.Cell>
                        {series.map((s) => (
                          <Table.Cell key={s.key} className="text-right">{row[s.key]}</Table.Cell>
                        ))}
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table>
              </>
            ) : (
              <Text size="small" className="text-ui-fg-subtle">{t("loyalty.reports.no_data")}</Text>
            )}
          </div>
          <LoyaltyHoldoutReport holdout={data.holdout} />
        </>
      )}
    </div>
  )
}
