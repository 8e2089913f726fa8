import { Badge, Button, Heading, Table, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { type ReferralSiteRow, useReferralSites, useSiteDecision } from "../hooks/referrals-admin"
import { formatDate } from "../lib/ledger-format"
import { type SiteDecision, type SiteStatus, reasonRequired, siteActions } from "../lib/referral-queue"
import { FILTER_ALL, FilterSelect } from "./filter-select"
import { type DecisionRequest, ReferralDecisionPrompt } from "./referral-decision-prompt"
import { ReferralPartyCell } from "./referral-party"
import { TableFooter } from "./table-footer"

const PAGE_SIZE = 10

type Deciding = { site: ReferralSiteRow; decision: SiteDecision }
const SITE_STATUSES = ["verified", "pending", "approved", "rejected"] as const satisfies readonly SiteStatus[]
const STATUS_COLORS: Record<SiteStatus, "green" | "orange" | "red" | "grey"> = {
  pending: "grey",
  verified: "orange",
  approved: "green",
  rejected: "red",
}

/**
 * Referring sites shoppers registered, oldest first; the verified ones wait
 * for the store's approval (the view it opens on). Approve binds the site's
 * visitors to its owner; Reject asks for the reason its owner is shown.
 */
export const ReferralSites = () => {
  const { t } = useTranslation()
  const [status, setStatus] = useState<string>("verified")
  const [page, setPage] = useState(0)
  const sites = useReferralSites({
    status: status === FILTER_ALL ? undefined : (status as SiteStatus),
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
  })
  const decide = useSiteDecision()
  const [deciding, setDeciding] = useState<Deciding | null>(null)
  const rows: ReferralSiteRow[] = sites.data?.sites ?? []

  const prompt = ({ site, decision }: Deciding): DecisionRequest => ({
    title: t(`loyalty.referrals.sites.${decision}_title`, { origin: site.origin }),
    description: t(`loyalty.referrals.sites.${decision}_text`),
    confirmText: t(`loyalty.referrals.sites.${decision}`),
    reason: reasonRequired(decision) ? "required" : "none",
    reasonHint: t("loyalty.referrals.sites.reject_hint"),
  })

  const confirm = (reason: string) => {
    if (!deciding) return
    const { site, decision }: Deciding = deciding
    decide.mutate(
      { id: site.id, decision, reason: reason || undefined },
      {
        onSuccess: () => {
          toast.success(t(`loyalty.referrals.sites.done.${decision}`, { origin: site.origin }))
          setDeciding(null)
        },
        onError: (error) => toast.error(error.message),
      }
    )
  }

  return (
    <div className="border-t" data-testid="referral-sites">
      <div className="flex items-start justify-between gap-4 px-6 py-4">
        <div>
          <Heading level="h2">{t("loyalty.referrals.sites.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {t("loyalty.referrals.sites.description")}
          </Text>
        </div>
        <FilterSelect
          label={t("loyalty.referrals.sites.filter")}
          allLabel={t("loyalty.referrals.sites.all")}
          className="w-56"
          value={status}
          options={SITE_STATUSES.map((value) => ({ value, label: t(`loyalty.referrals.sites.statuses.${value}`) }))}
          onChange={(value) => {
            setStatus(value)
            setPage(0)
          }}
        />
      </div>
      {sites.error && <Text size="small" className="text-ui-fg-error px-6 py-4">{sites.error.message}</Text>}
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>{t("loyalty.referrals.sites.columns.origin")}</Table.HeaderCell>
            <Table.HeaderCell>{t("loyalty.referrals.sites.columns.owner")}</Table.HeaderCell>
            <Table.HeaderCell>{t("loyalty.referrals.sites.columns.status")}</Table.HeaderCell>
            <Table.HeaderCell>{t("loyalty.referrals.sites.columns.verified_at")}</Table.HeaderCell>
            <Table.HeaderCell />
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((site) => (
            <Table.Row key={site.id} className="[&_td]:py-2">
              <Table.Cell>
                <a href={site.origin} target="_blank" rel="noreferrer noopener" className="text-ui-fg-interactive">
                  {site.origin}
                </a>
              </Table.Cell>
              <Table.Cell>
                <ReferralPartyCell
                  party={site.customer && { ...site.customer, customer_id: site.customer.id }}
                />
              </Table.Cell>
              <Table.Cell className="whitespace-normal">
                <div className="flex flex-col items-start gap-0.5">
                  <Badge size="2xsmall" color={STATUS_COLORS[site.status]}>
                    {t(`loyalty.referrals.sites.statuses.${site.status}`)}
                  </Badge>
                  {site.status === "rejected" && site.review_note && (
                    <Text size="xsmall" className="text-ui-fg-subtle">{site.review_note}</Text>
                  )}
                </div>
              </Table.Cell>
              <Table.Cell>{formatDate(site.verified_at)}</Table.Cell>
              <Table.Cell>
                <div className="flex justify-end gap-2">
                  {siteActions(site.status).map((decision) => (
                    <Button
                      key={decision}
                      size="small"
                      variant="secondary"
                      aria-label={t(`loyalty.referrals.sites.${decision}_site`, { origin: site.origin })}
                      onClick={() => setDeciding({ site, decision })}
                    >
                      {t(`loyalty.referrals.sites.${decision}`)}
                    </Button>
                  ))}
                </div>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      <TableFooter
        count={sites.data?.count ?? 0}
        pageSize={PAGE_SIZE}
        page={page}
        setPage={setPage}
        isLoading={sites.isLoading}
        emptyText={t("loyalty.referrals.sites.empty")}
      />
      <ReferralDecisionPrompt
        request={deciding && prompt(deciding)}
        isPending={decide.isPending}
        onConfirm={confirm}
        onClose={() => setDeciding(null)}
      />
    </div>
  )
}
