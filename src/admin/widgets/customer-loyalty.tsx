import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Drawer, Heading, Input, Label, Prompt, Select, Table, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import {
  useAdjustPoints,
  useCustomerLoyalty,
  useCustomerTransactions,
} from "../hooks/customer-loyalty"
import { formatDate, signedPoints, TYPE_COLORS } from "../lib/ledger-format"
import { TableFooter } from "../components/table-footer"

const PAGE_SIZE = 10
const TYPES = ["earn", "bonus", "referral", "adjust", "redeem", "reversal", "restore", "expire"]
const ALL = "all"

/** The customer's points: figures, the ledger, and a manual adjustment. */
const CustomerLoyaltyWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { t } = useTranslation()
  const [page, setPage] = useState(0)
  const [type, setType] = useState(ALL)
  const account = useCustomerLoyalty(customer.id)
  const ledger = useCustomerTransactions(customer.id, PAGE_SIZE, page * PAGE_SIZE, type === ALL ? undefined : type)
  const figures = account.data?.account
  const count = ledger.data?.count ?? 0

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">{t("loyalty.widget.title")}</Heading>
        <AdjustPointsDrawer customerId={customer.id} />
      </div>
      <div className="grid grid-cols-2 gap-4 px-6 py-4 md:grid-cols-5">
        <Figure label={t("loyalty.widget.balance")} value={figures?.balance} />
        <Figure label={t("loyalty.widget.spendable")} value={figures?.spendable} />
        <Figure label={t("loyalty.widget.pending")} value={figures?.pending} />
        <Figure label={t("loyalty.widget.reserved")} value={figures?.reserved} />
        <Figure label={t("loyalty.widget.lifetime_earned")} value={figures?.lifetime_earned} />
      </div>
      {figures?.expiring[0] && (
        <div className="px-6 py-3">
          <Text size="small" className="text-ui-fg-subtle">
            {t("loyalty.widget.next_expiry", {
              points: figures.expiring[0].points,
              date: formatDate(figures.expiring[0].expires_at),
            })}
          </Text>
        </div>
      )}
      <div>
        <div className="flex justify-end px-6 py-3">
          <Select
            size="small"
            value={type}
            onValueChange={(value) => {
              setType(value)
              setPage(0)
            }}
          >
            <Select.Trigger aria-label={t("loyalty.widget.type")} className="w-40">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value={ALL}>{t("loyalty.widget.all_types")}</Select.Item>
              {TYPES.map((name) => (
                <Select.Item key={name} value={name}>
                  {name}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t("loyalty.widget.date")}</Table.HeaderCell>
              <Table.HeaderCell>{t("loyalty.widget.type")}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t("loyalty.widget.points")}</Table.HeaderCell>
              <Table.HeaderCell>{t("loyalty.widget.reason")}</Table.HeaderCell>
              <Table.HeaderCell>{t("loyalty.widget.order")}</Table.HeaderCell>
              <Table.HeaderCell>{t("loyalty.widget.by")}</Table.HeaderCell>
              <Table.HeaderCell>{t("loyalty.widget.expires")}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {(ledger.data?.transactions ?? []).map((row) => (
              <Table.Row key={row.id}>
                <Table.Cell>{formatDate(row.created_at)}</Table.Cell>
                <Table.Cell>
                  <Badge size="2xsmall" color={TYPE_COLORS[row.type] ?? "grey"}>
                    {row.type}
                    {row.status === "pending" ? t("loyalty.widget.pending_suffix") : ""}
                  </Badge>
                </Table.Cell>
                <Table.Cell className="text-right">{signedPoints(row.points)}</Table.Cell>
                <Table.Cell>{row.reason ?? "–"}</Table.Cell>
                <Table.Cell>
                  {row.order_id ? (
                    <Link to={`/orders/${row.order_id}`} className="text-ui-fg-interactive">
                      {row.order_id.slice(-8)}
                    </Link>
                  ) : (
                    "–"
                  )}
                </Table.Cell>
                <Table.Cell>{row.created_by ?? t("loyalty.widget.system")}</Table.Cell>
                <Table.Cell>{formatDate(row.expires_at)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
        <TableFooter
          count={count}
          pageSize={PAGE_SIZE}
          page={page}
          setPage={setPage}
          isLoading={ledger.isLoading}
          emptyText={t("loyalty.widget.empty")}
        />
      </div>
    </Container>
  )
}

const Figure = ({ label, value }: { label: string; value?: number }) => (
  <div>
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="xlarge" weight="plus">
      {value ?? "–"}
    </Text>
  </div>
)

const AdjustPointsDrawer = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [points, setPoints] = useState("")
  const [reason, setReason] = useState("")
  const [expiresInDays, setExpiresInDays] = useState("")
  // One key per opened form: a double click or a retry credits once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID())
  const adjust = useAdjustPoints(customerId)

  const submit = () => {
    setConfirming(false)
    adjust.mutate(
      {
        points: Number(points),
        reason,
        ...(expiresInDays ? { expires_in_days: Number(expiresInDays) } : {}),
        idempotency_key: idempotencyKey,
      },
      {
        onSuccess: () => {
          toast.success(t("loyalty.widget.adjusted", { points }))
          setOpen(false)
          setPoints("")
          setReason("")
          setExpiresInDays("")
          setIdempotencyKey(crypto.randomUUID())
        },
        onError: (error) => toast.error(error.message),
      }
    )
  }

  return (
    <Drawer open={open} onOpenChange={setOpen}>
      <Drawer.Trigger asChild>
        <Button size="small" variant="secondary">
          {t("loyalty.widget.adjust")}
        </Button>
      </Drawer.Trigger>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>{t("loyalty.widget.adjust")}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-4">
          <div className="flex flex-col gap-2">
            <Label htmlFor="loyalty-points">{t("loyalty.widget.points_field")}</Label>
            <Input id="loyalty-points" type="number" step={1} value={points} onChange={(e) => setPoints(e.target.value)} />
          </div>
          <div className="flex flex-col gap-2">
            <Label htmlFor="loyalty-reason">{t("loyalty.widget.reason_field")}</Label>
            <Input id="loyalty-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="flex flex-col gap-2">
            <Label htmlFor="loyalty-expiry">{t("loyalty.widget.expiry_field")}</Label>
            <Input
              id="loyalty-expiry"
              type="number"
              min={1}
              value={expiresInDays}
              onChange={(e) => setExpiresInDays(e.target.value)}
            />
          </div>
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button variant="secondary">{t("loyalty.widget.cancel")}</Button>
          </Drawer.Close>
          <Button onClick={() => setConfirming(true)} isLoading={adjust.isPending} disabled={!points || !reason.trim()}>
            {t("loyalty.widget.save")}
          </Button>
        </Drawer.Footer>
        <Prompt open={confirming} onOpenChange={setConfirming}>
          <Prompt.Content>
            <Prompt.Header>
              <Prompt.Title>{t("loyalty.widget.confirm_title", { points })}</Prompt.Title>
              <Prompt.Description>{t("loyalty.widget.confirm_text", { reason })}</Prompt.Description>
            </Prompt.Header>
            <Prompt.Footer>
              <Prompt.Cancel>{t("loyalty.widget.cancel")}</Prompt.Cancel>
              <Prompt.Action onClick={submit}>{t("loyalty.widget.adjust")}</Prompt.Action>
            </Prompt.Footer>
          </Prompt.Content>
        </Prompt>
      </Drawer.Content>
    </Drawer>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
})

export default CustomerLoyaltyWidget
