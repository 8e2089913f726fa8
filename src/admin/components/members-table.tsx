import { Checkbox, Input, Select, Table } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import { useMembers } from "../hooks/loyalty-admin"
import { useProgramList } from "../hooks/program-rules"
import { FILTER_ALL, FilterSelect } from "./filter-select"
import { TableFooter } from "./table-footer"

const PAGE_SIZE = 20
const ORDERS = [
  ["-balance", "sort_balance_desc"],
  ["balance", "sort_balance_asc"],
  ["-lifetime_earned", "sort_earned_desc"],
  ["-created_at", "sort_recent"],
] as const

/** Members with search, tier filter, sort and paging; selected customers can be credited in bulk. */
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
  const [tierId, setTierId] = useState(FILTER_ALL)
  const [page, setPage] = useState(0)
  const tiers = useProgramList("tiers").data?.rows ?? []
  const tierName = new Map(tiers.map((tier) => [tier.id, tier.name]))
  const members = useMembers({
    q,
    tier_id: tierId === FILTER_ALL ? undefined : tierId,
    order,
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
  })
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
          className="w-72"
          placeholder={t("loyalty.accounts.search")}
          value={q}
          onChange={(e) => {
            setQ(e.target.value)
            setPage(0)
          }}
        />
        {tiers.length > 0 && (
          <FilterSelect
            label={t("loyalty.accounts.tier")}
            allLabel={t("loyalty.accounts.all_tiers")}
            className="w-48"
            value={tierId}
            options={tiers.map((tier) => ({ value: tier.id, label: tier.name }))}
            onChange={(value) => {
              setTierId(value)
              setPage(0)
            }}
          />
        )}
        <Select size="small" value={order} onValueChange={(value) => setOrder(value)}>
          <Select.Trigger aria-label={t("loyalty.accounts.sort")} className="w-48">
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
            {tiers.length > 0 && <Table.HeaderCell>{t("loyalty.accounts.tier")}</Table.HeaderCell>}
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
              {tiers.length > 0 && <Table.Cell>{(row.tier_id && tierName.get(row.tier_id)) ?? "–"}</Table.Cell>}
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
