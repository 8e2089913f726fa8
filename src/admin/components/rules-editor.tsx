import { Checkbox, Input, Label, Select } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { type EarningRule, type RuleTargetType, useProgramList } from "../hooks/program-rules"
import { useTargetLabels } from "../hooks/rule-targets"
import { FormField } from "./form-field"
import { ProgramListSection } from "./program-list-section"
import { TargetPicker } from "./target-picker"

const TARGET_TYPES: RuleTargetType[] = ["product", "category", "collection", "customer_group"]
const KINDS: EarningRule["kind"][] = ["percent", "points_per_unit", "exclude"]

type RuleForm = {
  name: string
  target_type: RuleTargetType
  target_id: string
  kind: EarningRule["kind"]
  percent: string
  points_per_unit: string
  exclude_earning: boolean
  exclude_redemption: boolean
}

/** Earning rules per product, category, collection or customer group: own percent, points per unit, or exclusion. */
export const RulesEditor = () => {
  const { t } = useTranslation()
  const label = (key: string) => t(`loyalty.rules.${key}`)
  const rules = useProgramList("rules")
  const targetNames = useTargetLabels(rules.data?.rows ?? [])
  const effect = (rule: EarningRule) =>
    rule.kind === "percent"
      ? `${rule.percent} %`
      : rule.kind === "points_per_unit"
        ? t("loyalty.rules.points_per_unit_value", { points: rule.points_per_unit })
        : [rule.exclude_earning && label("exclude_earning"), rule.exclude_redemption && label("exclude_redemption")]
            .filter(Boolean)
            .join(", ")
  return (
    <ProgramListSection<"rules", EarningRule, RuleForm>
      path="rules"
      texts="loyalty.rules"
      rowName={(rule) => rule.name ?? targetNames.get(rule.target_id) ?? rule.target_id}
      columns={[
        { label: label("name"), render: (rule) => rule.name ?? "–" },
        { label: label("target_type"), render: (rule) => label(`target_${rule.target_type}`) },
        { label: label("target"), render: (rule) => targetNames.get(rule.target_id) ?? rule.target_id },
        { label: label("effect"), render: effect },
      ]}
      emptyForm={{
        name: "",
        target_type: "product",
        target_id: "",
        kind: "percent",
        percent: "",
        points_per_unit: "",
        exclude_earning: true,
        exclude_redemption: false,
      }}
      toFormValues={(rule) => ({
        name: rule.name ?? "",
        target_type: rule.target_type,
        target_id: rule.target_id,
        kind: rule.kind,
        percent: rule.percent === null ? "" : String(rule.percent),
        points_per_unit: rule.points_per_unit === null ? "" : String(rule.points_per_unit),
        exclude_earning: rule.exclude_earning ?? false,
        exclude_redemption: rule.exclude_redemption ?? false,
      })}
      toBody={(form) => ({
        name: form.name.trim() || null,
        target_type: form.target_type,
        target_id: form.target_id,
        kind: form.kind,
        percent: form.kind === "percent" ? Number(form.percent) : null,
        points_per_unit: form.kind === "points_per_unit" ? Number(form.points_per_unit) : null,
        exclude_earning: form.kind === "exclude" ? form.exclude_earning : null,
        exclude_redemption: form.kind === "exclude" ? form.exclude_redemption : null,
      })}
      renderForm={(form, set) => (
        <>
          <FormField id="loyalty-rule-name" label={label("name_optional")}>
            <Input id="loyalty-rule-name" value={form.name} onChange={(e) => set({ name: e.target.value })} />
          </FormField>
          <FormField id="loyalty-rule-target_type" label={label("target_type")}>
            <Select value={form.target_type} onValueChange={(value) => set({ target_type: value as RuleTargetType, target_id: "" })}>
              <Select.Trigger id="loyalty-rule-target_type" aria-label={label("target_type")}>
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {TARGET_TYPES.map((type) => (
                  <Select.Item key={type} value={type}>{label(`target_${type}`)}</Select.Item>
                ))}
              </Select.Content>
            </Select>
          </FormField>
          <FormField id="loyalty-rule-target" label={label("target")}>
            <TargetPicker key={form.target_type} id="loyalty-rule-target" type={form.target_type} value={form.target_id} onChange={(target_id) => set({ target_id })} />
          </FormField>
          <FormField id="loyalty-rule-kind" label={label("kind")}>
            <Select value={form.kind} onValueChange={(value) => set({ kind: value as EarningRule["kind"] })}>
              <Select.Trigger id="loyalty-rule-kind" aria-label={label("kind")}>
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {KINDS.map((kind) => (
                  <Select.Item key={kind} value={kind}>{label(`kind_${kind}`)}</Select.Item>
                ))}
              </Select.Content>
            </Select>
          </FormField>
          {form.kind === "percent" && (
            <FormField id="loyalty-rule-percent" label={label("percent")} hint={label("percent_hint")}>
              <Input id="loyalty-rule-percent" type="number" min={0} max={100} step="any" value={form.percent} onChange={(e) => set({ percent: e.target.value })} />
            </FormField>
          )}
          {form.kind === "points_per_unit" && (
            <FormField id="loyalty-rule-points_per_unit" label={label("points_per_unit")} hint={label("points_per_unit_hint")}>
              <Input id="loyalty-rule-points_per_unit" type="number" min={0} step={1} value={form.points_per_unit} onChange={(e) => set({ points_per_unit: e.target.value })} />
            </FormField>
          )}
          {form.kind === "exclude" &&
            (["exclude_earning", "exclude_redemption"] as const).map((name) => (
              <div key={name} className="flex items-center gap-2">
                <Checkbox id={`loyalty-rule-${name}`} checked={form[name]} onCheckedChange={(checked) => set({ [name]: checked === true })} />
                <Label htmlFor={`loyalty-rule-${name}`} size="small">{label(name)}</Label>
              </div>
            ))}
        </>
      )}
    />
  )
}
