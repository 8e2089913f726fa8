import { EllipsisHorizontal } from "@medusajs/icons"
import { Badge, DropdownMenu, IconButton, Table, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { type ReferralRow, useReferralDecision, useReferrals } from "../hooks/referrals-admin"
import { formatDate, formatDateTime } from "../lib/ledger-format"
import { type ReferralDecision, type ReferralListQuery, type ReferralStatus, decisionLabel, partyName, reasonRequired, referralActions } from "../lib/referral-queue"
import { type DecisionRequest, ReferralDecisionPrompt } from "./referral-decision-prompt"
import { ReferralPartyCell } from "./referral-party"
import { TableFooter } from "./table-footer"

const PAGE_SIZE = 20

type Deciding = { row: ReferralRow; decision: ReferralDecision }

const STATUS_COLORS: Record<ReferralStatus, "green" | "orange" | "red" | "grey"> = {
  bound: "green",
  flagged: "orange",
  rejected: "red",
  unbound: "grey",
}

/**
 * Referrals of one view (a status, rewarded or not), newest first: both
 * parties, how they came, the status with why it waits or what was decided,
 * the points paid. A row's menu offers the decisions its status allows.
 */
export const ReferralsTable = ({ query }: { query: Omit<ReferralListQuery, "refused"> }) => {
  const { t } = useTranslation()
  const [page, setPage] = useState(0)
  const list = useReferrals({ ...query, limit: PAGE_SIZE, offset: page * PAGE_SIZE })
  const decide = useReferralDecision()
  const [deciding, setDeciding] = useState<Deciding | null>(null)
  const rows: ReferralRow[] = list.data?.referrals ?? []
  const name = (row: ReferralRow) => (row.referee ? partyName(row.referee) : row.id)

  const prompt = ({ row, decision }: Deciding): DecisionRequest => ({
    title: t(`loyalty.referrals.prompt.${decision}_title`, { name: name(row) }),
    description: t(`loyalty.referrals.prompt.${decision}_text`),
    confirmText: t(`loyalty.referrals.decisions.${decision}`),
    reason: reasonRequired(decision) ? "required" : "optional",
    reasonHint: t("loyalty.referrals.prompt.reason_hint"),
  })

  const confirm = (reason: string) => {
    if (!deciding) return
    const { row, decision }: Deciding = deciding
    decide.mutate(
      { id: row.id, decision, reason: reason || undefined },
      {
        onSuccess: () => {
          toast.success(t(`loyalty.referrals.done.${decision}`, { name: name(row) }))
          setDeciding(null)
        },
        onError: (error) => toast.error(error.message),
      }
    )
  }

  return (
    <div>
      {list.error && <Text size="small" className="text-ui-fg-error px-6 py-4">{list.error.message}</Text>}
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>{t("loyalty.referrals.columns.referee")}</Table.HeaderCell>
            <Table.HeaderCell>{t("loyalty.referrals.columns.referrer")}</Table.HeaderCell>
            <Table.HeaderCell>{t("loyalty.referrals.columns.source")}</Table.HeaderCell>
            <Table.HeaderCell>{t("loyalty.referrals.columns.bound_at")}</Table.HeaderCell>
            <Table.HeaderCell>{t("loyalty.referrals.columns.status")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap text-right">{t("loyalty.referrals.columns.reward_points")}</Table.HeaderCell>
            <Table.HeaderCell className="w-12" />
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((row) => {
            const actions = referralActions(row.status, row.reviewed_at !== null)
            return (
              <Table.Row key={row.id} data-testid={`referral-${row.id}`} className="[&_td]:py-2">
                <Table.Cell>
                  <ReferralPartyCell party={row.referee} />
                </Table.Cell>
                <Table.Cell>
                  <ReferralPartyCell party={row.referrer} />
                </Table.Cell>
                <Table.Cell className="whitespace-nowrap">
                  <div className="flex flex-col">
                    <span>{t(`loyalty.referrals.sources.${row.source}`)}</span>
                    {row.code && <Text size="xsmall" className="text-ui-fg-subtle font-mono">{row.code}</Text>}
                  </div>
                </Table.Cell>
                <Table.Cell className="whitespace-nowrap">{formatDate(row.bound_at)}</Table.Cell>
                <Table.Cell className="min-w-[12rem] whitespace-normal">
                  <div className="flex flex-col items-start gap-0.5">
                    <Badge size="2xsmall" color={STATUS_COLORS[row.status]}>
                      {t(`loyalty.referrals.statuses.${row.status}`)}
                    </Badge>
                    {row.status === "flagged" && row.flag_reason && (
                      <Text size="xsmall" className="text-ui-fg-subtle">
                        {t(`loyalty.referrals.flags.${row.flag_reason}`, { defaultValue: row.flag_reason })}
                      </Text>
                    )}
                    {row.status === "flagged" && row.review_deadline_at && (
                      <Text size="xsmall" className="text-ui-fg-subtle">
                        {t("loyalty.referrals.review_by", { date: formatDateTime(row.review_deadline_at) })}
                      </Text>
                    )}
                    {row.reviewed_at && (
                      <Text size="xsmall" className="text-ui-fg-subtle">
                        {t("loyalty.referrals.decided_on", { date: formatDateTime(row.reviewed_at) })}
                        {row.review_note && `: ${row.review_note}`}
                      </Text>
                    )}
                  </div>
                </Table.Cell>
                <Table.Cell className="text-right">{row.reward_points > 0 ? row.reward_points : "–"}</Table.Cell>
                <Table.Cell>
                  {actions.length > 0 && (
                    <DropdownMenu>
                      <DropdownMenu.Trigger asChild>
                        <IconButton size="small" variant="transparent" aria-label={t("loyalty.referrals.actions_for", { name: name(row) })}>
                          <EllipsisHorizontal />
                        </IconButton>
                      </DropdownMenu.Trigger>
                      <DropdownMenu.Content align="end">
                        {actions.map((decision) => (
                          <DropdownMenu.Item key={decision} onClick={() => setDeciding({ row, decision })}>
                            {t(`loyalty.referrals.decisions.${decisionLabel(row.status, decision)}`)}
                          </DropdownMenu.Item>
                        ))}
                      </DropdownMenu.Content>
                    </DropdownMenu>
                  )}
                </Table.Cell>
              </Table.Row>
            )
          })}
        </Table.Body>
      </Table>
      <TableFooter
        count={list.data?.count ?? 0}
        pageSize={PAGE_SIZE}
        page={page}
        setPage={setPage}
        isLoading={list.isLoading}
        emptyText={t("loyalty.referrals.empty")}
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
