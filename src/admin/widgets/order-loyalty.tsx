import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import { useOrderLoyalty } from "../hooks/order-loyalty"
import { formatDate, signedPoints, TYPE_COLORS } from "../lib/ledger-format"

/** What this order earned, spent, had reversed and restored, with its ledger rows. */
const OrderLoyaltyWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { t } = useTranslation()
  const { data, isLoading } = useOrderLoyalty(order.id)
  if (isLoading || !data) {
    return null
  }
  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">{t("loyalty.widget.title")}</Heading>
        {data.customer_id && (
          <Link to={`/customers/${data.customer_id}`} className="text-ui-fg-interactive txt-compact-small">
            {t("loyalty.widget.customer_ledger")}
          </Link>
        )}
      </div>
      <div className="grid grid-cols-2 gap-3 px-6 py-4">
        <Figure label={t("loyalty.widget.earned")} value={data.earned} />
        <Figure label={t("loyalty.widget.spent")} value={data.spent} />
        <Figure label={t("loyalty.widget.reversed")} value={data.reversed} />
        <Figure label={t("loyalty.widget.restored")} value={data.restored} />
      </div>
      {data.transactions.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">
          {t("loyalty.widget.no_order_points")}
        </Text>
      ) : (
        <ul className="divide-y">
          {data.transactions.map((row) => (
            <li key={row.id} className="flex items-center justify-between gap-2 px-6 py-2">
              <Badge size="2xsmall" color={TYPE_COLORS[row.type] ?? "grey"}>
                {t(`loyalty.types.${row.type}`, { defaultValue: row.type })}
                {row.status === "pending" ? t("loyalty.widget.pending_suffix") : ""}
              </Badge>
              <Text size="small">{signedPoints(row.points)}</Text>
              <Text size="small" className="text-ui-fg-subtle">
                {formatDate(row.created_at)}
              </Text>
            </li>
          ))}
        </ul>
      )}
    </Container>
  )
}

const Figure = ({ label, value }: { label: string; value: number }) => (
  <div>
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text weight="plus">{value}</Text>
  </div>
)

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
})

export default OrderLoyaltyWidget
