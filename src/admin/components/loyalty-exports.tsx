import { Button, Heading, Input, Label, Text, toast } from "@medusajs/ui"
import { useRef, useState } from "react"
import { useTranslation } from "react-i18next"
import { type ExportProgress, exportFileName, ledgerExportPath, progressPercent, readExport, saveFile } from "../lib/csv-download"
import { sdk } from "../lib/sdk"

type ExportKind = "members" | "ledger"

/**
 * The CRM exports: every member with their figures, and the ledger of a period,
 * as CSV files streamed from the server with their progress shown as they arrive.
 */
export const LoyaltyExports = () => {
  const { t } = useTranslation()
  const [running, setRunning] = useState<ExportKind | null>(null)
  const [progress, setProgress] = useState<ExportProgress | null>(null)
  const [from, setFrom] = useState("")
  const [to, setTo] = useState("")
  const abort = useRef<AbortController | null>(null)

  const start = async (kind: ExportKind) => {
    const path = kind === "members" ? "/admin/loyalty/exports/members" : ledgerExportPath(from, to)
    const controller = new AbortController()
    abort.current = controller
    setRunning(kind)
    setProgress({ rows: 0, total: null })
    try {
      const response = await sdk.client.fetch<Response>(path, { headers: { accept: "text/csv" }, signal: controller.signal })
      const file = await readExport(response, setProgress)
      // The ledger's file is named after the days the admin picked, in their own calendar.
      const name = kind === "ledger" && from && to ? `loyalty-ledger-${from}-to-${to}.csv` : exportFileName(response, `loyalty-${kind}.csv`)
      saveFile(file, name)
      toast.success(t("loyalty.exports.done"))
    } catch (error) {
      if (!controller.signal.aborted) toast.error((error as Error).message)
    } finally {
      setRunning(null)
      abort.current = null
    }
  }

  const percent = progress ? progressPercent(progress) : null
  return (
    <div className="flex flex-col gap-6 px-6 py-4" data-testid="loyalty-exports">
      <div className="flex flex-col gap-1">
        <Heading level="h2">{t("loyalty.exports.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t("loyalty.exports.description")}
        </Text>
      </div>
      <section className="flex flex-col gap-2">
        <Heading level="h3">{t("loyalty.exports.members.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t("loyalty.exports.members.description")}
        </Text>
        <div>
          <Button size="small" variant="secondary" onClick={() => start("members")} disabled={!!running} data-testid="export-members">
            {t("loyalty.exports.members.download")}
          </Button>
        </div>
      </section>
      <section className="flex flex-col gap-2">
        <Heading level="h3">{t("loyalty.exports.ledger.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t("loyalty.exports.ledger.description")}
        </Text>
        <div className="flex flex-wrap items-end gap-4">
          <div className="flex flex-col gap-1">
            <Label htmlFor="loyalty-export-from">{t("loyalty.exports.ledger.from")}</Label>
            <Input id="loyalty-export-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor="loyalty-export-to">{t("loyalty.exports.ledger.to")}</Label>
            <Input id="loyalty-export-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          <Button size="small" variant="secondary" onClick={() => start("ledger")} disabled={!!running} data-testid="export-ledger">
            {t("loyalty.exports.ledger.download")}
          </Button>
        </div>
      </section>
      {running && progress && (
        <div className="flex flex-col gap-2" data-testid="export-progress">
          <div className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full">
            <div className="bg-ui-fg-interactive h-2 transition-all" style={{ width: `${percent ?? 0}%` }} />
          </div>
          <div className="flex items-center justify-between gap-4">
            <Text size="small">
              {progress.total === null
                ? t("loyalty.exports.progress_unknown", { rows: progress.rows.toLocaleString() })
                : t("loyalty.exports.progress", { rows: progress.rows.toLocaleString(), total: progress.total.toLocaleString(), percent })}
            </Text>
            <Button size="small" variant="transparent" onClick={() => abort.current?.abort()}>
              {t("loyalty.exports.cancel")}
            </Button>
          </div>
        </div>
      )}
    </div>
  )
}
