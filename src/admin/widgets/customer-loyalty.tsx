import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Drawer, Heading, Input, Label, Prompt, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { CustomerLedger } from "../components/customer-ledger"
import { CustomerReferrals } from "../components/customer-referrals"
import { TierProgress } from "../components/tier-progress"
import { useAdjustPoints, useCustomerLoyalty } from "../hooks/customer-loyalty"
import { formatDate } from "../lib/ledger-format"

/**
 * The customer's points: figures, their referrals, the ledger, and a manual adjustment. In the page's side
 * column, where Medusa's own store-credit widget sits: the main column's widgets come after
 * its Metadata and JSON sections (its layout ignores a zone's `.before`/`.after`).
 */
const CustomerLoyaltyWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { t } = useTranslation()
  const account = useCustomerLoyalty(customer.id)
  const figures = account.data?.account

  return (
    <Container className="divide-y p-0" data-testid="loyalty-customer-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">{t("loyalty.widget.title")}</Heading>
        <AdjustPointsDrawer customerId={customer.id} />
      </div>
      {figures?.holdout && (
        <div className="flex flex-col gap-1 px-6 py-3" data-testid="loyalty-holdout-notice">
          <div>
            <Badge color="orange" size="2xsmall">{t("loyalty.widget.holdout")}</Badge>
          </div>
          <Text size="small" className="text-ui-fg-subtle">{t("loyalty.widget.holdout_hint")}</Text>
        </div>
      )}
      <div className="grid grid-cols-3 gap-4 px-6 py-4">
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
      <TierProgress account={figures} />
      <CustomerReferrals customerId={customer.id} />
      <CustomerLedger customerId={customer.id} />
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
  zone: "customer.details.side.after",
})

export default CustomerLoyaltyWidget
