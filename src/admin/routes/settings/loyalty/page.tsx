import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CampaignsEditor } from "../../../components/campaigns-editor"
import { ProgramSettingsForm } from "../../../components/program-settings-form"
import { RulesEditor } from "../../../components/rules-editor"
import { TiersEditor } from "../../../components/tiers-editor"

/** Settings → Loyalty: the program's settings form, then its tiers, campaigns and earning rules. */
const LoyaltySettingsPage = () => (
  <div className="flex flex-col gap-y-3">
    <ProgramSettingsForm />
    <TiersEditor />
    <CampaignsEditor />
    <RulesEditor />
  </div>
)

export const config = defineRouteConfig({
  label: "loyalty.menu",
  translationNs: "translation",
})

export default LoyaltySettingsPage
