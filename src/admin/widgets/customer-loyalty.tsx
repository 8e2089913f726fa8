import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Drawer, Heading, Input, Label, Table, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import {
  useAdjustPoints,
  useCustomerLoyalty,
  useCustomerTransactions,
} from "../hooks/customer-loyalty"
import { formatDate, signedPoints, TYPE_COLORS } from "../lib/ledger-format"

const PAGE_SIZE = 10

/** The customer's points: figures, the ledger, and a manual adjustment. */
const CustomerLoyaltyWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const [page, setPage] = useState(0)
  const account = useCustomerLoyalty(customer.id)
  const ledger = useCustomerTransactions(customer.id, PAGE_SIZE, page * PAGE_SIZE)
  const figures = account.data?.account
  const count = ledger.data?.count ?? 0

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Loyalty points</Heading>
        <AdjustPointsDrawer customerId={customer.id} />
      </div>
      <div className="grid grid-cols-2 gap-4 px-6 py-4 md:grid-cols-4">
        <Figure label="Balance" value={figures?.balance} />
        <Figure label="Spendable" value={figures?.spendable} />
        <Figure label="Pending" value={figures?.pending} />
        <Figure label="Lifetime earned" value={figures?.lifetime_earned} />
      </div>
      {figures?.expiring[0] && (
        <div className="px-6 py-3">
          <Text size="small" className="text-ui-fg-subtle">
            Next expiry: {figures.expiring[0].points} points on {formatDate(figures.expiring[0].expires_at)}
          </Text>
        </div>
      )}
      <div>
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Date</Table.HeaderCell>
              <Table.HeaderCell>Type</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Points</Table.HeaderCell>
              <Table.HeaderCell>Reason</Table.HeaderCell>
              <Table.HeaderCell>Expires</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {(ledger.data?.transactions ?? []).map((row) => (
              <Table.Row key={row.id}>
                <Table.Cell>{formatDate(row.created_at)}</Table.Cell>
                <Table.Cell>
                  <Badge size="2xsmall" color={TYPE_COLORS[row.type] ?? "grey"}>
                    {row.type}
                    {row.status === "pending" ? " · pending" : ""}
                  </Badge>
                </Table.Cell>
                <Table.Cell className="text-right">{signedPoints(row.points)}</Table.Cell>
                <Table.Cell>{row.reason ?? (row.order_id ? `Order ${row.order_id}` : "–")}</Table.Cell>
                <Table.Cell>{formatDate(row.expires_at)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
        {count === 0 && !ledger.isLoading && (
          <Text size="small" className="text-ui-fg-subtle px-6 py-4">
            No points yet.
          </Text>
        )}
        <Table.Pagination
          count={count}
          pageSize={PAGE_SIZE}
          pageIndex={page}
          pageCount={Math.max(1, Math.ceil(count / PAGE_SIZE))}
          canPreviousPage={page > 0}
          canNextPage={(page + 1) * PAGE_SIZE < count}
          previousPage={() => setPage((p) => p - 1)}
          nextPage={() => setPage((p) => p + 1)}
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
  const [open, setOpen] = useState(false)
  const [points, setPoints] = useState("")
  const [reason, setReason] = useState("")
  const [expiresInDays, setExpiresInDays] = useState("")
  // One key per opened form: a double click or a retry credits once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID())
  const adjust = useAdjustPoints(customerId)

  const submit = () => {
    adjust.mutate(
      {
        points: Number(points),
        reason,
        ...(expiresInDays ? { expires_in_days: Number(expiresInDays) } : {}),
        idempotency_key: idempotencyKey,
      },
      {
        onSuccess: () => {
          toast.success(`Points adjusted by ${points}`)
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
          Adjust points
        </Button>
      </Drawer.Trigger>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>Adjust points</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-4">
          <div className="flex flex-col gap-2">
            <Label htmlFor="loyalty-points">Points (negative to deduct)</Label>
            <Input id="loyalty-points" type="number" step={1} value={points} onChange={(e) => setPoints(e.target.value)} />
          </div>
          <div className="flex flex-col gap-2">
            <Label htmlFor="loyalty-reason">Reason</Label>
            <Input id="loyalty-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="flex flex-col gap-2">
            <Label htmlFor="loyalty-expiry">Expires in days (optional)</Label>
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
            <Button variant="secondary">Cancel</Button>
          </Drawer.Close>
          <Button onClick={submit} isLoading={adjust.isPending} disabled={!points || !reason.trim()}>
            Save
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
})

export default CustomerLoyaltyWidget
