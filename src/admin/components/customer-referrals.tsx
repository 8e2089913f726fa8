import { Badge, Copy, Heading, Text } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import { type CustomerReferrals as Network, useCustomerReferrals } from "../hooks/customer-loyalty"
import {
  flagReasonKey,
  personName,
  showsReferrals,
  SITE_STATUS_COLORS,
  SITE_STATUS_KEYS,
  SOURCE_KEYS,
  STATUS_COLORS,
  STATUS_KEYS,
  type ReferralStatus,
} from "../lib/customer-network"
import { formatDate } from "../lib/ledger-format"
import { TableFooter } from "./table-footer"

const PAGE_SIZE = 5

/**
 * The customer's referrals, in the Loyalty card of the customer page: who referred them
 * (linking to that customer), their code, the totals of the shoppers they brought, and
 * those shoppers a few at a time (each linking to their page), with their referring sites.
 */
export const CustomerReferrals = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation()
  const [page, setPage] = useState(0)
  const network = useCustomerReferrals(customerId, PAGE_SIZE, page * PAGE_SIZE)
  const data = network.data
  if (!data || !showsReferrals(data)) {
    return null
  }

  return (
    <div className="flex flex-col" data-testid="loyalty-customer-referrals">
      <div className="flex flex-col gap-3 px-6 py-4">
        <Heading level="h3">{t("loyalty.widget.referrals.title")}</Heading>
        <ReferredBy referredBy={data.referred_by} />
        {data.referral_code && (
          <div className="flex min-w-0 items-center gap-2">
            <Text size="small" className="text-ui-fg-subtle shrink-0">
              {t("loyalty.widget.referrals.code")}
            </Text>
            <Text size="small" weight="plus" className="truncate" data-testid="loyalty-referral-code">
              {data.referral_code}
            </Text>
            <Copy content={data.referral_link ?? data.referral_code} className="shrink-0" />
          </div>
        )}
        <div className="grid grid-cols-3 gap-4">
          <Figure label={t("loyalty.widget.referrals.invitees")} value={data.totals.invitees} />
          <Figure label={t("loyalty.widget.referrals.points_pending")} value={data.totals.points_pending} />
          <Figure label={t("loyalty.widget.referrals.points_earned")} value={data.totals.points_earned} />
        </div>
      </div>
      {data.count === 0 ? (
        <Text size="small" className="text-ui-fg-subtle border-t px-6 py-3">
          {t("loyalty.widget.referrals.no_invitees")}
        </Text>
      ) : (
        <ul className="divide-y border-t" data-testid="loyalty-customer-invitees">
          {data.invitees.map((invitee) => (
            <Invitee key={invitee.id} invitee={invitee} />
          ))}
        </ul>
      )}
      {data.count > PAGE_SIZE && (
        <TableFooter
          count={data.count}
          pageSize={PAGE_SIZE}
          page={page}
          setPage={setPage}
          isLoading={network.isLoading}
          emptyText={t("loyalty.widget.referrals.no_invitees")}
        />
      )}
      {data.sites.length > 0 && <Sites sites={data.sites} />}
    </div>
  )
}

const ReferredBy = ({ referredBy }: { referredBy: Network["referred_by"] }) => {
  const { t } = useTranslation()
  if (!referredBy) {
    return (
      <Text size="small" className="text-ui-fg-subtle" data-testid="loyalty-referred-by">
        {t("loyalty.widget.referrals.not_referred")}
      </Text>
    )
  }
  const name = personName(referredBy.referrer) ?? t("loyalty.widget.referrals.unknown_customer")
  return (
    <div className="flex flex-col gap-1" data-testid="loyalty-referred-by">
      <div className="flex min-w-0 items-center gap-2">
        <Text size="small" className="text-ui-fg-subtle shrink-0">
          {t("loyalty.widget.referrals.referred_by")}
        </Text>
        {referredBy.referrer ? (
          <Link
            to={`/customers/${referredBy.referrer.customer_id}`}
            className="text-ui-fg-interactive txt-small truncate"
            title={referredBy.referrer.email ?? undefined}
          >
            {name}
          </Link>
        ) : (
          <Text size="small" className="truncate">
            {name}
          </Text>
        )}
        <StatusBadge status={referredBy.status} flagReason={referredBy.flag_reason} />
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {t("loyalty.widget.referrals.how", {
          source: t(SOURCE_KEYS[referredBy.source]),
          date: formatDate(referredBy.bound_at),
        })}
      </Text>
    </div>
  )
}

const Invitee = ({ invitee }: { invitee: Network["invitees"][number] }) => {
  const { t } = useTranslation()
  const name = personName(invitee) ?? t("loyalty.widget.referrals.unknown_customer")
  return (
    <li className="flex items-center justify-between gap-3 px-6 py-2" data-testid="loyalty-invitee">
      <div className="flex min-w-0 flex-col">
        <Link to={`/customers/${invitee.customer_id}`} className="text-ui-fg-interactive txt-small truncate" title={invitee.email ?? undefined}>
          {name}
        </Link>
        <div className="flex min-w-0 items-center gap-1.5">
          <StatusBadge status={invitee.status} flagReason={invitee.flag_reason} />
          <Text size="xsmall" className="text-ui-fg-subtle truncate">
            {t("loyalty.widget.referrals.invitee_line", { orders: invitee.orders, date: formatDate(invitee.bound_at) })}
          </Text>
        </div>
      </div>
      <div className="flex shrink-0 flex-col items-end">
        <Text size="small" weight="plus">
          {`+${invitee.points_earned}`}
        </Text>
        {invitee.points_pending > 0 && (
          <Text size="xsmall" className="text-ui-fg-subtle">
            {t("loyalty.widget.referrals.pending_points", { points: invitee.points_pending })}
          </Text>
        )}
      </div>
    </li>
  )
}

const StatusBadge = ({ status, flagReason }: { status: ReferralStatus; flagReason: string | null }) => {
  const { t } = useTranslation()
  const why = flagReasonKey(flagReason)
  return (
    <Badge size="2xsmall" color={STATUS_COLORS[status]} className="shrink-0" title={status === "flagged" && why ? t(why) : undefined}>
      {t(STATUS_KEYS[status])}
      {status === "flagged" && why ? ` · ${t(why)}` : ""}
    </Badge>
  )
}

const Sites = ({ sites }: { sites: Network["sites"] }) => {
  const { t } = useTranslation()
  return (
    <div className="flex flex-col gap-2 border-t px-6 py-4">
      <Text size="small" className="text-ui-fg-subtle">
        {t("loyalty.widget.referrals.sites")}
      </Text>
      {sites.map((site) => (
        <div key={site.id} className="flex min-w-0 items-center justify-between gap-2">
          <Text size="small" className="truncate" title={site.origin}>
            {site.origin}
          </Text>
          <Badge size="2xsmall" color={SITE_STATUS_COLORS[site.status]} className="shrink-0">
            {t(SITE_STATUS_KEYS[site.status])}
          </Badge>
        </div>
      ))}
    </div>
  )
}

const Figure = ({ label, value }: { label: string; value?: number }) => (
  <div className="min-w-0">
    <Text size="small" className="text-ui-fg-subtle truncate">
      {label}
    </Text>
    <Text size="large" weight="plus">
      {value ?? "–"}
    </Text>
  </div>
)
