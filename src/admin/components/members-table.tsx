import { Checkbox, Input, Select, Table } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import { useMembers } from "../hooks/loyalty-admin"
import { TableFooter } from "./table-footer"

const PAGE_SIZE = 20
const ORDERS = [
  ["-balance", "sort_balance_desc"],
  ["balance", "sort_balance_asc"],
  ["-lifetime_earned", "sort_earned_desc"],
  ["-created_at", "sort_recent"],
] as const

/** Members with search, sort and paging; selected customers can be credited in bulk. */
export const MembersTable = ({
  selected,
  onSelectedChange,
}: {
  selected: string[]
  onSelectedChange: (ids: string[]) => void
}) => {
  const { t } = useTranslation()
  const [q, setQ] = useState("")
  const [order, setOrder] = useState<string>("-balance")
  const [page, setPage] = useState(0)
  const members = useMembers({ q, order, limit: PAGE_SIZE, offset: page * PAGE_SIZE })
  const rows = members.data?.accounts ?? []
  const count = members.data?.count ?? 0
  const toggle = (id: string, on: boolean) =>
    onSelectedChange(on ? [...selected, id] : selected.filter((other) => other !== id))

  return (
    <div>
      <div className="flex items-center gap-3 px-6 py-4">
        <Input
          type="search"
          size="small"
          placeholder={t("loyalty.accounts.search")}
          value={q}
          onChange={(e) => {
            setQ(e.target.value)
            setPage(0)
          }}
        />
        <Select size="small" value={order} onValueChange={(value) => setOrder(value)}>
          <Select.Trigger aria-label={t("loyalty.accounts.sort")}>
            <Select.Value />
          </Select.Trigger>
          <Select.Content>
            {ORDERS.map(([value, label]) => (
              <Select.Item key={value} value={value}>
                {t(`loyalty.accounts.${label}`)}
              </Select.Item>
            ))}
          </Select.Content>
        </Select>
      </div>
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell />
            <Table.HeaderCell>{t("loyalty.accounts.customer")}</Table.HeaderCell>
            <Table.HeaderCell>{t("loyalty.accounts.email")}</Table.HeaderCell>
            <Table.HeaderCell className="text-right">{t("loyalty.accounts.balance")}</Table.HeaderCell>
            <Table.HeaderCell className="text-right">{t("loyalty.accounts.pending")}</Table.HeaderCell>
            <Table.HeaderCell className="text-right">{t("loyalty.accounts.lifetime_earned")}</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((row) => (
            <Table.Row key={row.id}>
              <Table.Cell>
                <Checkbox
                  aria-label={row.customer?.email ?? row.customer_id}
                  checked={selected.includes(row.customer_id)}
                  onCheckedChange={(checked) => toggle(row.customer_id, checked === true)}
                />
              </Table.Cell>
              <Table.Cell>
                <Link to={`/customers/${row.customer_id}`} className="text-ui-fg-interactive">
                  {[row.customer?.first_name, row.customer?.last_name].filter(Boolean).join(" ") || row.customer_id}
                </Link>
              </Table.Cell>
              <Table.Cell>{row.customer?.email ?? "–"}</Table.Cell>
              <Table.Cell className="text-right">{row.balance}</Table.Cell>
              <Table.Cell className="text-right">{row.pending}</Table.Cell>
              <Table.Cell className="text-right">{row.lifetime_earned}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      <TableFooter
        count={count}
        pageSize={PAGE_SIZE}
        page={page}
        setPage={setPage}
        isLoading={members.isLoading}
        emptyText={t("loyalty.accounts.empty")}
      />
    </div>
  )
}
