import { Button, Input, Label, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { ReferralError, SourceRow } from "../lib/referral-form"
import { FieldError } from "./field-error"

const COLUMNS = ["utm_source", "origin", "points", "expiry_days"] as const

/** Sources that give a newcomer a one-time bonus with no referrer: a row each, added and removed. */
export const ReferralSourcesFields = ({
  sources,
  errors,
  onChange,
}: {
  sources: SourceRow[]
  errors: Record<string, ReferralError>
  onChange: (sources: SourceRow[]) => void
}) => {
  const { t } = useTranslation()
  const label = (name: string) => t(`loyalty.settings.referrals.fields.${name}`)
  const setRow = (index: number, change: Partial<SourceRow>) => onChange(sources.map((row, i) => (i === index ? { ...row, ...change } : row)))
  return (
    <div className="flex flex-col gap-3">
      <div>
        <Label size="small" weight="plus">{label("external_sources")}</Label>
        <Text size="xsmall" className="text-ui-fg-subtle">{t("loyalty.settings.referrals.hints.external_sources")}</Text>
      </div>
      {sources.map((row, index) => (
        <div key={index} className="flex flex-col gap-1" data-testid="loyalty-referrals-source">
          <div className="grid grid-cols-1 items-start gap-3 md:grid-cols-[1fr_1.4fr_0.7fr_0.7fr_auto]">
            {COLUMNS.map((column) => {
              const id = `loyalty-referrals-source-${index}-${column}`
              const error = errors[`external_sources.${index}.${column}`]
              const numeric = column === "points" || column === "expiry_days"
              return (
                <div key={column} className="flex min-w-0 flex-col gap-1">
                  <Label htmlFor={id} size="xsmall">{label(`source_${column}`)}</Label>
                  <Input
                    id={id}
                    type={numeric ? "number" : column === "origin" ? "url" : "text"}
                    step={numeric ? 1 : undefined}
                    min={numeric ? (column === "points" ? 1 : 0) : undefined}
                    placeholder={column === "origin" ? "https://blog.example.com" : column === "expiry_days" ? t("loyalty.settings.fields.bonus_expiry_default") : undefined}
                    value={row[column]}
                    aria-invalid={!!error}
                    onChange={(e) => setRow(index, { [column]: e.target.value })}
                  />
                  <FieldError id={`${id}-error`} error={error} />
                </div>
              )
            })}
            <Button className="md:mt-6" size="small" variant="transparent" onClick={() => onChange(sources.filter((_, i) => i !== index))}>
              {t("loyalty.settings.fields.remove")}
            </Button>
          </div>
          <FieldError id={`loyalty-referrals-source-${index}-error`} error={errors[`external_sources.${index}.source`]} />
        </div>
      ))}
      <div>
        <Button size="small" variant="secondary" onClick={() => onChange([...sources, { utm_source: "", origin: "", points: "", expiry_days: "" }])}>
          {label("add_source")}
        </Button>
      </div>
    </div>
  )
}
