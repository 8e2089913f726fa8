import {
  Badge,
  createDataTableColumnHelper,
  DataTable,
  type DataTablePaginationState,
  Select,
  useDataTable,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import { type LoyaltyTransaction, useCustomerTransactions, useUserNames } from "../hooks/customer-loyalty"
import { formatDate, signedPoints, TYPE_COLORS } from "../lib/ledger-format"

const PAGE_SIZE = 10
const TYPES = ["earn", "bonus", "referral", "adjust", "redeem", "reversal", "restore", "expire"] as const
const ALL = "all"
const column = createDataTableColumnHelper<LoyaltyTransaction>()

/** The customer's ledger, newest first, a page at a time, filtered by type on the server. */
export const CustomerLedger = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation()
  const [type, setType] = useState(ALL)
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const ledger = useCustomerTransactions(
    customerId,
    PAGE_SIZE,
    pagination.pageIndex * PAGE_SIZE,
    type === ALL ? undefined : type
  )
  const rows = ledger.data?.transactions ?? []
  const users = useUserNames(rows.map((row) => row.created_by))

  const columns = useMemo(
    () => [
      column.accessor("created_at", { header: t("loyalty.widget.date"), cell: ({ getValue }) => formatDate(getValue()) }),
      column.accessor("type", {
        header: t("loyalty.widget.type"),
        cell: ({ row }) => (
          <Badge size="2xsmall" color={TYPE_COLORS[row.original.type] ?? "grey"}>
            {t(`loyalty.types.${row.original.type}`, { defaultValue: row.original.type })}
            {row.original.status === "pending" ? t("loyalty.widget.pending_suffix") : ""}
          </Badge>
        ),
      }),
      column.accessor("points", {
        header: t("loyalty.widget.points"),
        align: "right",
        cell: ({ getValue }) => signedPoints(getValue()),
      }),
      column.accessor("reason", { header: t("loyalty.widget.reason"), cell: ({ getValue }) => getValue() ?? "–" }),
      column.accessor("order_id", {
        header: t("loyalty.widget.order"),
        cell: ({ getValue }) => {
          const orderId = getValue()
          return orderId ? (
            <Link to={`/orders/${orderId}`} className="text-ui-fg-interactive" onClick={(e) => e.stopPropagation()}>
              {orderId.slice(-8)}
            </Link>
          ) : (
            "–"
          )
        },
      }),
      column.accessor("created_by", {
        header: t("loyalty.widget.by"),
        cell: ({ getValue }) => {
          const by = getValue()
          return by ? (users.get(by) ?? by) : t("loyalty.widget.system")
        },
      }),
      column.accessor("expires_at", { header: t("loyalty.widget.expires"), cell: ({ getValue }) => formatDate(getValue()) }),
    ],
    [t, users]
  )

  const table = useDataTable({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    rowCount: ledger.data?.count ?? 0,
    isLoading: ledger.isLoading,
    pagination: { state: pagination, onPaginationChange: setPagination },
  })

  return (
    <DataTable instance={table}>
      <DataTable.Toolbar className="justify-end">
        <Select
          size="small"
          value={type}
          onValueChange={(value) => {
            setType(value)
            setPagination((p) => ({ ...p, pageIndex: 0 }))
          }}
        >
          <Select.Trigger aria-label={t("loyalty.widget.type")} className="w-40">
            <Select.Value />
          </Select.Trigger>
          <Select.Content>
            <Select.Item value={ALL}>{t("loyalty.widget.all_types")}</Select.Item>
            {TYPES.map((name) => (
              <Select.Item key={name} value={name}>
                {t(`loyalty.types.${name}`)}
              </Select.Item>
            ))}
          </Select.Content>
        </Select>
      </DataTable.Toolbar>
      <DataTable.Table emptyState={{ empty: { heading: t("loyalty.widget.empty") }, filtered: { heading: t("loyalty.widget.empty") } }} />
      <DataTable.Pagination />
    </DataTable>
  )
}
