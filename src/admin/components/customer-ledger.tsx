import {
  Badge,
  createDataTableColumnHelper,
  DataTable,
  type DataTablePaginationState,
  Drawer,
  Text,
  useDataTable,
} from "@medusajs/ui"
import { type ReactNode, useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import { type LoyaltyTransaction, useCustomerTransactions, useUserNames } from "../hooks/customer-loyalty"
import { formatDate, formatDateTime, orderLabel, rowDescription, signedPoints, TYPE_COLORS } from "../lib/ledger-format"
import { FILTER_ALL, FilterSelect } from "./filter-select"

const PAGE_SIZE = 10
const TYPES = ["earn", "bonus", "referral", "adjust", "redeem", "reversal", "restore", "expire"] as const
const column = createDataTableColumnHelper<LoyaltyTransaction>()

/**
 * The customer's ledger, newest first, a page at a time, filtered by type on the server: what
 * happened (with its type and date beneath) and how many points, narrow enough for the page's
 * side column. A row opens its details (who made it, its expiry, its order), as rows of
 * Medusa's own tables do.
 */
export const CustomerLedger = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation()
  const [type, setType] = useState(FILTER_ALL)
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const [openId, setOpenId] = useState<string | null>(null)
  const ledger = useCustomerTransactions(
    customerId,
    PAGE_SIZE,
    pagination.pageIndex * PAGE_SIZE,
    type === FILTER_ALL ? undefined : type
  )
  const rows = ledger.data?.transactions ?? []
  const open = rows.find((row) => row.id === openId) ?? null

  const columns = useMemo(
    () => [
      column.accessor("created_at", {
        header: t("loyalty.widget.description"),
        size: 340,
        // Laid over the cell rather than in it, the lines ask the table for no width of their
        // own: the column takes what the points leave, and a long line ends in an ellipsis.
        cell: ({ row }) => (
          <div className="relative h-10">
            <div className="absolute inset-0 flex flex-col justify-center gap-y-0.5">
              <Text size="small" leading="compact" className="truncate" title={rowDescription(row.original, t)}>
                {rowDescription(row.original, t)}
              </Text>
              <div className="flex items-center gap-x-1.5">
                <TypeBadge row={row.original} />
                <Text size="xsmall" leading="compact" className="text-ui-fg-subtle truncate">
                  {formatDate(row.original.created_at)}
                </Text>
              </div>
            </div>
          </div>
        ),
      }),
      column.accessor("points", {
        header: t("loyalty.widget.points"),
        size: 80,
        align: "right",
        cell: ({ getValue }) => signedPoints(getValue()),
      }),
    ],
    [t]
  )

  const table = useDataTable({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    rowCount: ledger.data?.count ?? 0,
    isLoading: ledger.isLoading,
    pagination: { state: pagination, onPaginationChange: setPagination },
    onRowClick: (_, row) => setOpenId(row.id),
  })

  return (
    <>
      <DataTable instance={table}>
        <DataTable.Toolbar className="justify-end">
          <FilterSelect
            label={t("loyalty.widget.type")}
            allLabel={t("loyalty.widget.all_types")}
            className="w-40"
            value={type}
            options={TYPES.map((name) => ({ value: name, label: t(`loyalty.types.${name}`) }))}
            onChange={(value) => {
              setType(value)
              setPagination((p) => ({ ...p, pageIndex: 0 }))
            }}
          />
        </DataTable.Toolbar>
        <DataTable.Table
          emptyState={{ empty: { heading: t("loyalty.widget.empty") }, filtered: { heading: t("loyalty.widget.empty") } }}
        />
        <DataTable.Pagination />
      </DataTable>
      <LedgerRowDrawer row={open} onClose={() => setOpenId(null)} />
    </>
  )
}

const TypeBadge = ({ row }: { row: LoyaltyTransaction }) => {
  const { t } = useTranslation()
  return (
    <Badge size="2xsmall" color={TYPE_COLORS[row.type] ?? "grey"} className="shrink-0">
      {t(`loyalty.types.${row.type}`, { defaultValue: row.type })}
      {row.status === "pending" ? t("loyalty.widget.pending_suffix") : ""}
    </Badge>
  )
}

/** One ledger row in full: what the table leaves out to stay narrow. */
const LedgerRowDrawer = ({ row, onClose }: { row: LoyaltyTransaction | null; onClose: () => void }) => {
  const { t } = useTranslation()
  const users = useUserNames(row ? [row.created_by] : [])
  const by = row?.created_by ? (users.get(row.created_by) ?? row.created_by) : t("loyalty.widget.system")
  return (
    <Drawer open={!!row} onOpenChange={(isOpen) => !isOpen && onClose()}>
      <Drawer.Content aria-describedby={undefined}>
        <Drawer.Header>
          <Drawer.Title>{t("loyalty.widget.row_title")}</Drawer.Title>
        </Drawer.Header>
        {row && (
          <Drawer.Body className="p-0">
            <dl className="divide-y" data-testid="loyalty-ledger-row">
              <Detail label={t("loyalty.widget.description")}>{rowDescription(row, t)}</Detail>
              <Detail label={t("loyalty.widget.type")}>
                <TypeBadge row={row} />
              </Detail>
              <Detail label={t("loyalty.widget.points")}>{signedPoints(row.points)}</Detail>
              {row.points > 0 && row.remaining !== null && (
                <Detail label={t("loyalty.widget.remaining")}>{row.remaining}</Detail>
              )}
              <Detail label={t("loyalty.widget.date")}>{formatDateTime(row.created_at)}</Detail>
              {row.available_at && <Detail label={t("loyalty.widget.available_at")}>{formatDateTime(row.available_at)}</Detail>}
              <Detail label={t("loyalty.widget.expires")}>{formatDate(row.expires_at)}</Detail>
              <Detail label={t("loyalty.widget.order")}>
                {row.order_id ? (
                  <Link to={`/orders/${row.order_id}`} className="text-ui-fg-interactive">
                    {orderLabel(row)}
                  </Link>
                ) : (
                  "–"
                )}
              </Detail>
              <Detail label={t("loyalty.widget.by")}>{by}</Detail>
            </dl>
          </Drawer.Body>
        )}
      </Drawer.Content>
    </Drawer>
  )
}

const Detail = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="grid grid-cols-2 items-center gap-4 px-6 py-3">
    <dt>
      <Text size="small" weight="plus" className="text-ui-fg-subtle">
        {label}
      </Text>
    </dt>
    <dd className="txt-small">{children}</dd>
  </div>
)
