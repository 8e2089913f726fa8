import { Input, Select } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import type { RuleTargetType } from "../hooks/program-rules"
import { useTargetLabels, useTargetOptions } from "../hooks/rule-targets"

/** Picks a product, category, collection or customer group: a search box over the admin API, then a list. */
export const TargetPicker = ({
  id,
  type,
  value,
  onChange,
}: {
  id: string
  type: RuleTargetType
  value: string
  onChange: (targetId: string) => void
}) => {
  const { t } = useTranslation()
  const [q, setQ] = useState("")
  const options = useTargetOptions(type, q)
  const selectedLabel = useTargetLabels(value ? [{ target_type: type, target_id: value }] : []).get(value)
  const choices = [...(options.data ?? [])]
  if (value && !choices.some((option) => option.value === value)) {
    choices.unshift({ value, label: selectedLabel ?? value })
  }
  return (
    <div className="flex flex-col gap-2">
      <Input
        type="search"
        size="small"
        aria-label={t("loyalty.rules.search_target")}
        placeholder={t("loyalty.rules.search_target")}
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <Select value={value || undefined} onValueChange={onChange}>
        <Select.Trigger id={id} aria-label={t("loyalty.rules.target")}>
          <Select.Value placeholder={t("loyalty.rules.choose_target")} />
        </Select.Trigger>
        <Select.Content>
          {choices.map((option) => (
            <Select.Item key={option.value} value={option.value}>
              {option.label}
            </Select.Item>
          ))}
        </Select.Content>
      </Select>
    </div>
  )
}
