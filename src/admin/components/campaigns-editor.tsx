import { Badge, Checkbox, Input, Label, Select, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { Campaign } from "../hooks/program-rules"
import { useCustomerGroupOptions } from "../hooks/rule-targets"
import { fromLocalInput, toLocalInput } from "../lib/datetime-local"
import { formatDate } from "../lib/ledger-format"
import { FormField } from "./form-field"
import { ProgramListSection } from "./program-list-section"

type CampaignForm = {
  name: string
  starts_at: string
  ends_at: string
  customer_group_ids: string[]
  kind: Campaign["kind"]
  value: string
}

/** Campaigns: a time window, optionally only for some customer groups, with extra percent or a multiplier. */
export const CampaignsEditor = () => {
  const { t } = useTranslation()
  const groups = useCustomerGroupOptions()
  const label = (key: string) => t(`loyalty.campaigns.${key}`)
  const groupName = (id: string) => groups.data?.find((g) => g.value === id)?.label ?? id
  return (
    <ProgramListSection<"campaigns", Campaign, CampaignForm>
      path="campaigns"
      texts="loyalty.campaigns"
      rowName={(campaign) => campaign.name}
      columns={[
        { label: label("name"), render: (c) => c.name },
        { label: label("period"), render: (c) => `${formatDate(c.starts_at)} – ${c.ends_at ? formatDate(c.ends_at) : label("open_ended")}` },
        {
          label: label("bonus"),
          render: (c) => (c.kind === "multiplier" ? `× ${c.multiplier}` : `+${c.extra_percent} %`),
        },
        {
          label: label("groups"),
          render: (c) =>
            c.customer_group_ids.length ? (
              <div className="flex flex-wrap gap-1">
                {c.customer_group_ids.map((id) => (
                  <Badge key={id} size="2xsmall">{groupName(id)}</Badge>
                ))}
              </div>
            ) : (
              label("all_customers")
            ),
        },
      ]}
      emptyForm={{ name: "", starts_at: toLocalInput(new Date().toISOString()), ends_at: "", customer_group_ids: [], kind: "extra_percent", value: "" }}
      toFormValues={(c) => ({
        name: c.name,
        starts_at: toLocalInput(c.starts_at),
        ends_at: toLocalInput(c.ends_at),
        customer_group_ids: c.customer_group_ids,
        kind: c.kind,
        value: String((c.kind === "multiplier" ? c.multiplier : c.extra_percent) ?? ""),
      })}
      toBody={(form) => ({
        name: form.name.trim(),
        starts_at: fromLocalInput(form.starts_at) ?? undefined,
        ends_at: fromLocalInput(form.ends_at),
        customer_group_ids: form.customer_group_ids,
        kind: form.kind,
        extra_percent: form.kind === "extra_percent" ? Number(form.value) : null,
        multiplier: form.kind === "multiplier" ? Number(form.value) : null,
      })}
      renderForm={(form, set) => (
        <>
          <FormField id="loyalty-campaign-name" label={label("name")}>
            <Input id="loyalty-campaign-name" value={form.name} onChange={(e) => set({ name: e.target.value })} />
          </FormField>
          <div className="grid grid-cols-2 gap-4">
            <FormField id="loyalty-campaign-starts_at" label={label("starts_at")}>
              <Input id="loyalty-campaign-starts_at" type="datetime-local" value={form.starts_at} onChange={(e) => set({ starts_at: e.target.value })} />
            </FormField>
            <FormField id="loyalty-campaign-ends_at" label={label("ends_at")} hint={label("ends_at_hint")}>
              <Input id="loyalty-campaign-ends_at" type="datetime-local" value={form.ends_at} onChange={(e) => set({ ends_at: e.target.value })} />
            </FormField>
          </div>
          <div className="grid grid-cols-2 gap-4">
            <FormField id="loyalty-campaign-kind" label={label("kind")}>
              <Select value={form.kind} onValueChange={(kind) => set({ kind: kind as Campaign["kind"] })}>
                <Select.Trigger id="loyalty-campaign-kind" aria-label={label("kind")}>
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value="extra_percent">{label("kind_extra_percent")}</Select.Item>
                  <Select.Item value="multiplier">{label("kind_multiplier")}</Select.Item>
                </Select.Content>
              </Select>
            </FormField>
            <FormField id="loyalty-campaign-value" label={label(form.kind === "multiplier" ? "multiplier" : "extra_percent")}>
              <Input id="loyalty-campaign-value" type="number" min={0} step="any" value={form.value} onChange={(e) => set({ value: e.target.value })} />
            </FormField>
          </div>
          <div className="flex flex-col gap-2">
            <Label size="small" weight="plus">{label("groups")}</Label>
            <Text size="xsmall" className="text-ui-fg-subtle">{label("groups_hint")}</Text>
            {(groups.data ?? []).map((group) => (
              <div key={group.value} className="flex items-center gap-2">
                <Checkbox
                  id={`loyalty-campaign-group-${group.value}`}
                  checked={form.customer_group_ids.includes(group.value)}
                  onCheckedChange={(checked) =>
                    set({
                      customer_group_ids:
                        checked === true
                          ? [...form.customer_group_ids, group.value]
                          : form.customer_group_ids.filter((id) => id !== group.value),
                    })
                  }
                />
                <Label htmlFor={`loyalty-campaign-group-${group.value}`} size="small">{group.label}</Label>
              </div>
            ))}
          </div>
        </>
      )}
    />
  )
}
