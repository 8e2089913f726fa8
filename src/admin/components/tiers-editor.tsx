import { Input } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { Tier } from "../hooks/program-rules"
import { FormField } from "./form-field"
import { ProgramListSection } from "./program-list-section"

type TierForm = { name: string; min_points: string; multiplier: string }

/** Tiers: a name, the points from orders in the tier window that reach it, and its earn multiplier. */
export const TiersEditor = () => {
  const { t } = useTranslation()
  const label = (key: string) => t(`loyalty.tiers.${key}`)
  return (
    <ProgramListSection<"tiers", Tier, TierForm>
      path="tiers"
      texts="loyalty.tiers"
      rowName={(tier) => tier.name}
      columns={[
        { label: label("name"), render: (tier) => tier.name },
        { label: label("min_points"), render: (tier) => tier.min_points, align: "right" },
        { label: label("multiplier"), render: (tier) => `× ${tier.multiplier}`, align: "right" },
      ]}
      emptyForm={{ name: "", min_points: "", multiplier: "1" }}
      toFormValues={(tier) => ({ name: tier.name, min_points: String(tier.min_points), multiplier: String(tier.multiplier) })}
      toBody={(form) => ({ name: form.name.trim(), min_points: Number(form.min_points), multiplier: Number(form.multiplier) })}
      renderForm={(form, set) => (
        <>
          <FormField id="loyalty-tier-name" label={label("name")}>
            <Input id="loyalty-tier-name" value={form.name} onChange={(e) => set({ name: e.target.value })} />
          </FormField>
          <FormField id="loyalty-tier-min_points" label={label("min_points")} hint={label("min_points_hint")}>
            <Input id="loyalty-tier-min_points" type="number" min={0} step={1} value={form.min_points} onChange={(e) => set({ min_points: e.target.value })} />
          </FormField>
          <FormField id="loyalty-tier-multiplier" label={label("multiplier")} hint={label("multiplier_hint")}>
            <Input id="loyalty-tier-multiplier" type="number" min={0} step="any" value={form.multiplier} onChange={(e) => set({ multiplier: e.target.value })} />
          </FormField>
        </>
      )}
    />
  )
}
