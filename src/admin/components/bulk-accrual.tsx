import { Alert, Badge, Button, Input, Label, Prompt, RadioGroup, Select, Table, Text, toast } from "@medusajs/ui"
import { useEffect, useMemo, useRef, useState } from "react"
import { useTranslation } from "react-i18next"
import { type BulkBody, type BulkResult, useBulkAdjust, useBulkRuns, useCustomerGroups } from "../hooks/loyalty-admin"
import { chunks, type GoodCsvRow, isBadRow, parseCsvRows } from "../lib/csv-rows"
import { runContent, runKeyOf, type RunTarget } from "../lib/run-key"
import { FilePicker } from "./file-picker"

const CHUNK = 500
type Source = "selected" | "group" | "csv"

/**
 * Credits the selected members, a customer group or the rows of a CSV file.
 * A run's idempotency key is the hash of its content (whom, how many points,
 * why), reused by every chunk and retry: a double click, a second try after an
 * error, or the same file again after a reload or on another day credits
 * nobody twice. When the ledger already holds the run, the form says when it
 * was credited; crediting it once more is a deliberate repeat, confirmed, under
 * the next repeat key (`<key>#2`, …), so it too credits once however often it
 * is clicked.
 */
export const BulkAccrual = ({ selected }: { selected: string[] }) => {
  const { t, i18n } = useTranslation()
  const groups = useCustomerGroups()
  const bulk = useBulkAdjust()
  const [source, setSource] = useState<Source>(selected.length ? "selected" : "csv")
  const [groupId, setGroupId] = useState("")
  const [points, setPoints] = useState("")
  const [reason, setReason] = useState("")
  const [csv, setCsv] = useState("")
  const [fileName, setFileName] = useState<string | null>(null)
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [result, setResult] = useState<BulkResult | null>(null)
  // The prompt open, and the key its action sends: taken when it opened, so a late second click sends the same.
  const [confirming, setConfirming] = useState<{ kind: "run" | "repeat"; key: string } | null>(null)
  const running = useRef(false)

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

  const target: RunTarget =
    source === "csv"
      ? { source, entries: goodRows }
      : source === "group"
        ? { source, customer_group_id: groupId, points: Number(points) }
        : { source, customer_ids: selected, points: Number(points) }
  const content = ready ? runContent(target, reason) : null
  const runKey = useRunKey(content)
  const runs = useBulkRuns(runKey.key)
  const credited = runs.data?.runs ?? []
  const lastRun = credited.length ? credited[credited.length - 1] : null
  const creditedOn = lastRun ? dateTime(lastRun.credited_at, i18n.language) : ""
  const canRun = ready && !!runKey.key && runs.isSuccess && !bulk.isPending

  const run = async (idempotencyKey: string) => {
    setConfirming(null)
    // A second click while the run is being sent would only send the same key again.
    if (running.current) {
      return
    }
    running.current = true
    const sum: BulkResult = { summary: { total: 0, credited: 0, already_done: 0, failed: 0 }, results: [] }
    setProgress({ done: 0, total })
    try {
      for (const body of bodies) {
        const answer = await bulk.mutateAsync({ ...body, reason, idempotency_key: idempotencyKey })
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
    } finally {
      running.current = false
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
          <FilePicker
            id="loyalty-bulk-csv"
            accept=".csv,text/csv,text/plain"
            label={t("loyalty.bulk.choose_file")}
            hint={t("loyalty.bulk.csv_hint")}
            fileName={fileName}
            onFile={async (file) => {
              setFileName(file?.name ?? null)
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
      {runKey.error && <Alert variant="error">{t("loyalty.bulk.key_error", { message: runKey.error })}</Alert>}
      {runs.isError && <Alert variant="error">{(runs.error as Error).message}</Alert>}
      {lastRun && (
        <Alert variant="warning" data-testid="loyalty-bulk-already-credited" data-credited-at={lastRun.credited_at}>
          <div className="flex flex-col gap-2">
            <Text size="small" weight="plus">
              {credited.length === 1
                ? t("loyalty.bulk.already_credited", { date: creditedOn, rows: lastRun.transactions, points: lastRun.points })
                : t("loyalty.bulk.already_credited_repeats", {
                    count: credited.length,
                    date: creditedOn,
                    rows: lastRun.transactions,
                    points: lastRun.points,
                  })}
            </Text>
            <Text size="small">{t("loyalty.bulk.already_credited_hint")}</Text>
            <div>
              <Button size="small" variant="secondary" onClick={() => setConfirming({ kind: "repeat", key: runs.data!.repeat_key })} disabled={!canRun}>
                {t("loyalty.bulk.repeat")}
              </Button>
            </div>
          </div>
        </Alert>
      )}
      <div>
        <Button onClick={() => setConfirming({ kind: "run", key: lastRun?.idempotency_key ?? runKey.key! })} disabled={!canRun} isLoading={bulk.isPending}>
          {t("loyalty.bulk.confirm")}
        </Button>
      </div>
      <Prompt open={confirming?.kind === "run"} onOpenChange={(open) => !open && setConfirming(null)}>
        <Prompt.Content>
          <Prompt.Header>
            <Prompt.Title>{t("loyalty.bulk.confirm_title")}</Prompt.Title>
            <Prompt.Description>
              {lastRun
                ? t("loyalty.bulk.confirm_finish", { rows: total, date: creditedOn })
                : t("loyalty.bulk.confirm_text", { rows: total })}
            </Prompt.Description>
          </Prompt.Header>
          <Prompt.Footer>
            <Prompt.Cancel>{t("loyalty.bulk.cancel")}</Prompt.Cancel>
            <Prompt.Action onClick={() => confirming && run(confirming.key)}>{t("loyalty.bulk.confirm")}</Prompt.Action>
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
      <Prompt open={confirming?.kind === "repeat"} onOpenChange={(open) => !open && setConfirming(null)}>
        <Prompt.Content>
          <Prompt.Header>
            <Prompt.Title>{t("loyalty.bulk.repeat_title")}</Prompt.Title>
            <Prompt.Description>{t("loyalty.bulk.repeat_text", { rows: total, date: creditedOn })}</Prompt.Description>
          </Prompt.Header>
          <Prompt.Footer>
            <Prompt.Cancel>{t("loyalty.bulk.cancel")}</Prompt.Cancel>
            <Prompt.Action onClick={() => confirming && run(confirming.key)}>{t("loyalty.bulk.repeat")}</Prompt.Action>
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
    </div>
  )
}

/** The key of a run's content, once Web Crypto has hashed it (null meanwhile, or without content). */
function useRunKey(content: string | null) {
  const [hashed, setHashed] = useState<{ content: string; key: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (content === null) {
      return
    }
    let current = true
    runKeyOf(content).then(
      (key) => current && (setHashed({ content, key }), setError(null)),
      (reason: Error) => current && setError(reason.message)
    )
    return () => {
      current = false
    }
  }, [content])
  return { key: hashed && hashed.content === content ? hashed.key : null, error }
}

const dateTime = (value: string, language: string) =>
  new Date(value).toLocaleString(language, { dateStyle: "medium", timeStyle: "short" })
