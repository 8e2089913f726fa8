import { Button, Container, Heading, Input, Label, Switch, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import { useProgramSettings, useSaveProgramSettings } from "../hooks/program"
import { useStoreCurrencies } from "../hooks/store-currencies"
import { type NumberField, type ProgramForm, type SwitchField, toBody, toForm } from "../lib/program-form"
import { referralFormErrors } from "../lib/referral-form"
import { CurrencySelect } from "./currency-select"
import { MessageSettingsFields } from "./message-settings-fields"
import { ProgramRulesFields } from "./program-rules-fields"
import { ReferralSettingsFields } from "./referral-settings-fields"
import { UnsavedChangesPrompt } from "./unsaved-changes-prompt"

type SectionKey = "earning" | "redeeming" | "expiry" | "holdout" | "advanced"
const SECTIONS: { key: SectionKey; numbers: NumberField[]; switches: SwitchField[] }[] = [
  { key: "earning", numbers: ["earn_percent", "pending_days"], switches: ["earn_on_shipping", "earn_on_tax"] },
  { key: "redeeming", numbers: ["max_redeem_percent", "min_redeem_points", "reservation_ttl_hours"], switches: [] },
  { key: "expiry", numbers: ["expiry_days", "expiry_warning_days", "inactivity_days"], switches: [] },
  { key: "holdout", numbers: ["holdout_percent"], switches: [] },
  { key: "advanced", numbers: [], switches: ["allow_negative_balance"] },
]

/**
 * Every program setting in one form, saved at once; the server validates and its message shows
 * as a toast. The Save bar stays at the bottom of the screen while the form is in view, and
 * leaving with unsaved changes asks first.
 */
export const ProgramSettingsForm = () => {
  const { t } = useTranslation()
  const program = useProgramSettings()
  const save = useSaveProgramSettings()
  const currencies = useStoreCurrencies().data
  // What is saved (as the form shows it), and what the form holds now.
  const [saved, setSaved] = useState<ProgramForm | null>(null)
  const [form, setForm] = useState<ProgramForm | null>(null)
  // The referral fields' mistakes show once a save has been tried, then as they are fixed.
  const [triedSave, setTriedSave] = useState(false)
  const dirty = !!form && !!saved && JSON.stringify(toBody(form)) !== JSON.stringify(toBody(saved))

  useEffect(() => {
    if (program.data && !form) {
      setSaved(toForm(program.data.program))
      setForm(toForm(program.data.program))
    }
  }, [program.data, form])

  if (!form) {
    return (
      <Container className="p-6">
        <Text>{program.error ? program.error.message : "…"}</Text>
      </Container>
    )
  }
  const set = (changes: Partial<ProgramForm>) => setForm({ ...form, ...changes })
  const field = (name: string) => t(`loyalty.settings.fields.${name}`)
  // The first of the store's currencies without a point value yet: what "Add currency" adds.
  const unpriced = currencies?.find((code) => !form.point_values.some((row) => row.currency === code))
  const setPointValue = (index: number, change: Partial<ProgramForm["point_values"][number]>) =>
    set({ point_values: form.point_values.map((row, i) => (i === index ? { ...row, ...change } : row)) })

  const referralErrors = form.referrals ? referralFormErrors(form.referrals) : {}

  const submit = () => {
    setTriedSave(true)
    if (Object.keys(referralErrors).length) {
      toast.error(t("loyalty.settings.referrals.errors.invalid"))
      return
    }
    save.mutate(toBody(form), {
      onSuccess: (data) => {
        setSaved(toForm(data.program))
        setForm(toForm(data.program))
        setTriedSave(false)
        toast.success(t("loyalty.settings.saved"))
      },
      onError: (error) => toast.error(error.message),
    })
  }

  return (
    <Container className="divide-y p-0" data-testid="loyalty-settings-form">
      <div className="px-6 py-4">
        <Heading level="h1">{t("loyalty.settings.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t("loyalty.settings.description")}
        </Text>
      </div>
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Label htmlFor="loyalty-enabled" weight="plus">{field("enabled")}</Label>
          <Text size="small" className="text-ui-fg-subtle">{field("enabled_hint")}</Text>
        </div>
        <Switch id="loyalty-enabled" checked={form.enabled} onCheckedChange={(enabled) => set({ enabled })} />
      </div>
      <div className="flex flex-col gap-3 px-6 py-4">
        <Label weight="plus">{field("point_values")}</Label>
        <Text size="small" className="text-ui-fg-subtle">{field("point_values_hint")}</Text>
        {form.point_values.map((row, index) => (
          <div key={index} className="flex items-end gap-3">
            <div className="flex flex-col gap-1">
              <Label htmlFor={`loyalty-currency-${index}`} size="xsmall">{field("currency_code")}</Label>
              <CurrencySelect
                id={`loyalty-currency-${index}`}
                value={row.currency}
                currencies={currencies}
                taken={form.point_values.map((other) => other.currency)}
                onChange={(currency) => setPointValue(index, { currency })}
              />
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor={`loyalty-point-value-${index}`} size="xsmall">{field("point_value")}</Label>
              <Input
                id={`loyalty-point-value-${index}`}
                type="number"
                step="any"
                value={row.value}
                onChange={(e) => setPointValue(index, { value: e.target.value })}
              />
            </div>
            <Button size="small" variant="transparent" onClick={() => set({ point_values: form.point_values.filter((_, i) => i !== index) })}>
              {field("remove")}
            </Button>
          </div>
        ))}
        <div>
          <Button
            size="small"
            variant="secondary"
            disabled={!unpriced}
            onClick={() => unpriced && set({ point_values: [...form.point_values, { currency: unpriced, value: "" }] })}
          >
            {field("add_currency")}
          </Button>
        </div>
      </div>
      {SECTIONS.map((section) => (
        <div key={section.key} className="flex flex-col gap-4 px-6 py-4">
          <Heading level="h2">{t(`loyalty.settings.sections.${section.key}`)}</Heading>
          {section.key === "holdout" && (
            <Text size="small" className="text-ui-fg-subtle">
              {t("loyalty.settings.sections.holdout_hint")}
            </Text>
          )}
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            {section.numbers.map((name) => (
              <div key={name} className="flex flex-col gap-1">
                <Label htmlFor={`loyalty-${name}`}>{field(name)}</Label>
                <Input
                  id={`loyalty-${name}`}
                  name={name}
                  type="number"
                  step="any"
                  value={form[name]}
                  onChange={(e) => set({ [name]: e.target.value })}
                />
              </div>
            ))}
          </div>
          {section.switches.map((name) => (
            <div key={name} className="flex items-center justify-between">
              <Label htmlFor={`loyalty-${name}`}>{field(name)}</Label>
              <Switch id={`loyalty-${name}`} checked={form[name]} onCheckedChange={(checked) => set({ [name]: checked })} />
            </div>
          ))}
        </div>
      ))}
      {form.rules && <ProgramRulesFields rules={form.rules} currencies={currencies} onChange={(rules) => set({ rules })} />}
      {form.referrals && (
        <ReferralSettingsFields
          referrals={form.referrals}
          storefrontUrl={form.rules?.storefront_url ?? null}
          currencies={currencies}
          errors={triedSave ? referralErrors : {}}
          onChange={(referrals) => set({ referrals })}
          onStorefrontUrl={(storefront_url) => form.rules && set({ rules: { ...form.rules, storefront_url } })}
        />
      )}
      {form.messages && <MessageSettingsFields messages={form.messages} onChange={(messages) => set({ messages })} />}
      <div
        className="bg-ui-bg-base sticky bottom-0 flex items-center justify-end gap-x-3 rounded-b-lg px-6 py-4"
        data-testid="loyalty-settings-save-bar"
      >
        {dirty && (
          <Text size="small" className="text-ui-fg-subtle">
            {t("loyalty.unsaved.notice")}
          </Text>
        )}
        <Button size="small" onClick={submit} isLoading={save.isPending}>
          {t("loyalty.settings.save")}
        </Button>
      </div>
      <UnsavedChangesPrompt when={dirty && !save.isPending} />
    </Container>
  )
}
