import { Table, Text } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { useReferralRefusals } from "../hooks/referrals-admin"
import { formatDateTime } from "../lib/ledger-format"
import { ReferralPartyCell } from "./referral-party"
import { TableFooter } from "./table-footer"

const PAGE_SIZE = 20

/** Refused referral claims, newest first: when, the code, who tried it, whose it is, and why it was refused in plain words. */
export const ReferralRefusalsTable = () => {
  const { t } = useTranslation()
  const [page, setPage] = useState(0)
  const list = useReferralRefusals({ limit: PAGE_SIZE, offset: page * PAGE_SIZE })
  const rows = list.data?.refusals ?? []
  return (
    <div>
      {list.error && <Text size="small" className="text-ui-fg-error px-6 py-4">{list.error.message}</Text>}
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>{t("loyalty.referrals.columns.when")}</Table.HeaderCell>
            <Table.HeaderCell>{t("loyalty.referrals.columns.code")}</Table.HeaderCell>
            <Table.HeaderCell>{t("loyalty.referrals.columns.shopper")}</Table.HeaderCell>
            <Table.HeaderCell>{t("loyalty.referrals.columns.referrer")}</Table.HeaderCell>
            <Table.HeaderCell>{t("loyalty.referrals.columns.reason")}</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((row) => (
            <Table.Row key={row.id} className="[&_td]:py-2">
              <Table.Cell>{formatDateTime(row.created_at)}</Table.Cell>
              <Table.Cell className="font-mono">{row.code ?? "–"}</Table.Cell>
              <Table.Cell>
                <ReferralPartyCell party={row.shopper} />
              </Table.Cell>
              <Table.Cell>
                <ReferralPartyCell party={row.referrer} />
              </Table.Cell>
              <Table.Cell className="whitespace-normal">
                {t(`loyalty.referrals.refusals.${row.reason}`, { defaultValue: row.reason })}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      <TableFooter
        count={list.data?.count ?? 0}
        pageSize={PAGE_SIZE}
        page={page}
        setPage={setPage}
        isLoading={list.isLoading}
        emptyText={t("loyalty.referrals.refusals_empty")}
      />
    </div>
  )
}
