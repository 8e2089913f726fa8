import { Badge, Button, Input, Label, Prompt, RadioGroup, Select, Table, Text, toast } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { type BulkBody, type BulkResult, useBulkAdjust, useCustomerGroups } from "../hooks/loyalty-admin"
import { chunks, type GoodCsvRow, isBadRow, parseCsvRows } from "../lib/csv-rows"

const CHUNK = 500
type Source = "selected" | "group" | "csv"

/**
 * Credits the selected members, a customer group or the rows of a CSV file.
 * One idempotency key per prepared run (source, points, reason, file), reused
 * by every chunk, retry and repeat: a double click, a second try after an
 * error or running the same file again credits nobody twice. Changing any
 * input makes a new run.
 */
export const BulkAccrual = ({ selected }: { selected: string[] }) => {
  const { t } = useTranslation()
  const groups = useCustomerGroups()
  const bulk = useBulkAdjust()
  const [source, setSource] = useState<Source>(selected.length ? "selected" : "csv")
  const [groupId, setGroupId] = useState("")
  const [points, setPoints] = useState("")
  const [reason, setReason] = useState("")
  const [csv, setCsv] = useState("")
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [result, setResult] = useState<BulkResult | null>(null)
  const [confirming, setConfirming] = useState(false)

  const runKey = useMemo(() => crypto.randomUUID(), [source, groupId, points, reason, csv, selected.join(",")])
  const rows = useMemo(() => parseCsvRows(csv, t("loyalty.bulk.row_error_format")), [csv, t])
  const badRows = rows.filter(isBadRow)
  const goodRows = rows.filter((row): row is GoodCsvRow => !isBadRow(row))
  const bodies: Omit<BulkBody, "reason" | "idempotency_key">[] =
    source === "csv"
      ? chunks(goodRows, CHUNK).map((entries) => ({ entries }))
      : source === "group"
        ? [{ customer_group_id: groupId, points: Number(points) }]
        : chunks(selected, CHUNK).map((customer_ids) => ({ customer_ids, points: Number(points) }))
  const total = source === "csv" ? goodRows.length : source === "group" ? 1 : selected.length
  const ready =
    !!reason.trim() &&
    (source === "csv" ? total > 0 && !badRows.length : Number.isInteger(Number(points)) && Number(points) !== 0) &&
    (source !== "group" || !!groupId) &&
    (source !== "selected" || selected.length > 0)

  const run = async () => {
    setConfirming(false)
    const sum: BulkResult = { summary: { total: 0, credited: 0, already_done: 0, failed: 0 }, results: [] }
    setProgress({ done: 0, total })
    try {
      for (const body of bodies) {
        const answer = await bulk.mutateAsync({ ...body, reason, idempotency_key: runKey })
        for (const key of Object.keys(sum.summary) as (keyof BulkResult["summary"])[]) {
          sum.summary[key] += answer.summary[key]
        }
        sum.results.push(...answer.results)
        setProgress((p) => ({ done: (p?.done ?? 0) + answer.summary.total, total: Math.max(total, sum.summary.total) }))
      }
      setResult(sum)
      toast.success(t("loyalty.bulk.result", sum.summary))
    } catch (error) {
      // The key stays: trying again continues this run without crediting anyone twice.
      toast.error((error as Error).message)
    }
  }

  return (
    <div className="flex flex-col gap-4 px-6 py-4">
      <Text size="small" className="text-ui-fg-subtle">{t("loyalty.bulk.description")}</Text>
      <div className="flex flex-col gap-2">
        <Label weight="plus">{t("loyalty.bulk.source")}</Label>
        <RadioGroup value={source} onValueChange={(value) => setSource(value as Source)} className="flex gap-6">
          {(["selected", "group", "csv"] as const).map((value) => (
            <div key={value} className="flex items-center gap-2">
              <RadioGroup.Item value={value} id={`loyalty-source-${value}`} />
              <Label htmlFor={`loyalty-source-${value}`}>{t(`loyalty.bulk.source_${value}`, { count: selected.length })}</Label>
            </div>
          ))}
        </RadioGroup>
      </div>
      {source === "group" && (
        <div className="flex flex-col gap-2">
          <Label>{t("loyalty.bulk.group")}</Label>
          <Select value={groupId} onValueChange={setGroupId}>
            <Select.Trigger aria-label={t("loyalty.bulk.group")}><Select.Value /></Select.Trigger>
            <Select.Content>
              {(groups.data?.customer_groups ?? []).map((group) => (
                <Select.Item key={group.id} value={group.id}>{group.name}</Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
      )}
      {source !== "csv" && (
        <div className="flex flex-col gap-2">
          <Label htmlFor="loyalty-bulk-points">{t("loyalty.bulk.points")}</Label>
          <Input id="loyalty-bulk-points" type="number" step={1} value={points} onChange={(e) => setPoints(e.target.value)} />
        </div>
      )}
      {source === "csv" && (
        <div className="flex flex-col gap-2">
          <Label htmlFor="loyalty-bulk-csv">{t("loyalty.bulk.csv_file")}</Label>
          <Text size="small" className="text-ui-fg-subtle">{t("loyalty.bulk.csv_hint")}</Text>
          <input
            id="loyalty-bulk-csv"
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={async (e) => {
              const file = e.target.files?.[0]
              setCsv(file ? await file.text() : "")
              setResult(null)
            }}
          />
          {rows.length > 0 && (
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>{t("loyalty.bulk.row")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("loyalty.accounts.customer")}</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">{t("loyalty.bulk.points")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("loyalty.bulk.status")}</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {rows.map((row) => {
                  const outcome = result?.results.find((r) => r.row === row.row)
                  return (
                    <Table.Row key={row.row}>
                      <Table.Cell>{row.row}</Table.Cell>
                      <Table.Cell>{isBadRow(row) ? row.raw : (row.email ?? row.customer_id)}</Table.Cell>
                      <Table.Cell className="text-right">{isBadRow(row) ? "–" : row.points}</Table.Cell>
                      <Table.Cell>
                        {isBadRow(row) ? (
                          <Badge size="2xsmall" color="red">{row.error}</Badge>
                        ) : outcome ? (
                          <Badge size="2xsmall" color={outcome.status === "failed" ? "red" : "green"}>
                            {outcome.message ?? outcome.status}
                          </Badge>
                        ) : null}
                      </Table.Cell>
                    </Table.Row>
                  )
                })}
              </Table.Body>
            </Table>
          )}
        </div>
      )}
      <div className="flex flex-col gap-2">
        <Label htmlFor="loyalty-bulk-reason">{t("loyalty.bulk.reason")}</Label>
        <Input id="loyalty-bulk-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      {progress && (
        <div className="flex flex-col gap-1" role="progressbar" aria-valuenow={progress.done} aria-valuemax={progress.total}>
          <div className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full">
            <div
              className="bg-ui-fg-interactive h-2"
              style={{ width: `${progress.total ? Math.min(100, (100 * progress.done) / progress.total) : 100}%` }}
            />
          </div>
          <Text size="xsmall" className="text-ui-fg-subtle">{t("loyalty.bulk.progress", progress)}</Text>
        </div>
      )}
      {result && <Text size="small" weight="plus">{t("loyalty.bulk.result", result.summary)}</Text>}
      <div>
        <Button onClick={() => setConfirming(true)} disabled={!ready} isLoading={bulk.isPending}>
          {t("loyalty.bulk.confirm")}
        </Button>
      </div>
      <Prompt open={confirming} onOpenChange={setConfirming}>
        <Prompt.Content>
          <Prompt.Header>
            <Prompt.Title>{t("loyalty.bulk.confirm_title")}</Prompt.Title>
            <Prompt.Description>{t("loyalty.bulk.confirm_text", { rows: total })}</Prompt.Description>
          </Prompt.Header>
          <Prompt.Footer>
            <Prompt.Cancel>{t("loyalty.bulk.cancel")}</Prompt.Cancel>
            <Prompt.Action onClick={run}>{t("loyalty.bulk.confirm")}</Prompt.Action>
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
    </div>
  )
}
