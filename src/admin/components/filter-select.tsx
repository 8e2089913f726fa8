import { Select } from "@medusajs/ui"

/** A list's filter: "all" first (the value `all`), then each option; `label` names it for screen readers. */
export const FilterSelect = ({
  label,
  allLabel,
  value,
  options,
  onChange,
  className,
}: {
  label: string
  allLabel: string
  value: string
  options: { value: string; label: string }[]
  onChange: (value: string) => void
  className?: string
}) => (
  <Select size="small" value={value} onValueChange={onChange}>
    <Select.Trigger aria-label={label} className={className}>
      <Select.Value />
    </Select.Trigger>
    <Select.Content>
      <Select.Item value={FILTER_ALL}>{allLabel}</Select.Item>
      {options.map((option) => (
        <Select.Item key={option.value} value={option.value}>
          {option.label}
        </Select.Item>
      ))}
    </Select.Content>
  </Select>
)

export const FILTER_ALL = "all"
