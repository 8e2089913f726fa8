import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Sparkles } from "@medusajs/icons"
import { Button, Container, Heading, Tabs } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { BulkAccrual } from "../../components/bulk-accrual"
import { LedgerHealth } from "../../components/ledger-health"
import { LoyaltyExports } from "../../components/loyalty-exports"
import { LoyaltyReports } from "../../components/loyalty-reports"
import { MembersTable } from "../../components/members-table"
import { ReferralsTab } from "../../components/referrals-tab"

/** The program at a glance: members, bulk accrual, reports, the ledger's health, referrals under review, CRM exports. */
const LoyaltyPage = () => {
  const { t } = useTranslation()
  const [selected, setSelected] = useState<string[]>([])
  const [tab, setTab] = useState("accounts")
  return (
    <Container className="divide-y p-0" data-testid="loyalty-page">
      <div className="px-6 py-4">
        <Heading level="h1">{t("loyalty.page.title")}</Heading>
      </div>
      <Tabs value={tab} onValueChange={setTab}>
        <Tabs.List className="px-6 py-2">
          {(["accounts", "bulk", "reports", "health", "referrals", "exports"] as const).map((key) => (
            <Tabs.Trigger key={key} value={key}>
              {t(`loyalty.page.tabs.${key}`)}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value="accounts">
          {selected.length > 0 && (
            <div className="px-6 pt-4">
              <Button size="small" variant="secondary" onClick={() => setTab("bulk")}>
                {t("loyalty.accounts.credit_selected", { count: selected.length })}
              </Button>
            </div>
          )}
          <MembersTable selected={selected} onSelectedChange={setSelected} />
        </Tabs.Content>
        <Tabs.Content value="bulk">
          <BulkAccrual selected={selected} />
        </Tabs.Content>
        <Tabs.Content value="reports">
          <LoyaltyReports />
        </Tabs.Content>
        <Tabs.Content value="health">
          <LedgerHealth />
        </Tabs.Content>
        <Tabs.Content value="referrals">
          <ReferralsTab />
        </Tabs.Content>
        <Tabs.Content value="exports">
          <LoyaltyExports />
        </Tabs.Content>
      </Tabs>
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "loyalty.menu",
  translationNs: "translation",
  icon: Sparkles,
})

export default LoyaltyPage
