import { Badge, Button, Heading, Table, Text, toast } from "@medusajs/ui"
import { useEffect } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import { type LedgerCheck, useLedgerHealth, useRunLedgerCheck } from "../hooks/loyalty-admin"

const dateTime = (value: string | null) => (value ? new Date(value).toLocaleString() : "–")

/**
 * Whether every account's figures still match its ledger: the last check (when, how many
 * accounts, how many differ and which figures), the one running now, and a button to check now.
 */
export const LedgerHealth = () => {
  const { t } = useTranslation()
  const health = useLedgerHealth()
  const run = useRunLedgerCheck()
  useEffect(() => {
    if (health.error) toast.error(health.error.message)
  }, [health.error])
  const { last_check: last, running_check: running } = health.data ?? { last_check: null, running_check: null }

  const checkNow = () =>
    run.mutate(undefined, {
      onSuccess: ({ check, started }) => {
        if (!started) toast.info(t("loyalty.health.already_running"))
        else if (check.accounts_drifted) toast.warning(t("loyalty.health.found_drift", { count: check.accounts_drifted }))
        else toast.success(t("loyalty.health.found_none", { count: check.accounts_checked }))
      },
      onError: (error) => toast.error(error.message),
    })

  return (
    <div className="flex flex-col gap-6 px-6 py-4">
      <div className="flex items-start justify-between gap-4">
        <div className="flex flex-col gap-1">
          <Heading level="h2">{t("loyalty.health.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {t("loyalty.health.description", { schedule: health.data?.schedule ?? "" })}
          </Text>
        </div>
        <Button size="small" variant="secondary" onClick={checkNow} isLoading={run.isPending} disabled={!!running}>
          {t("loyalty.health.check_now")}
        </Button>
      </div>
      {running && (
        <Text data-testid="ledger-check-running">
          {t("loyalty.health.running", { time: dateTime(running.started_at), count: running.accounts_checked })}
        </Text>
      )}
      {!last && !running && !health.isLoading && <Text className="text-ui-fg-subtle">{t("loyalty.health.never")}</Text>}
      {last && <LastCheck check={last} />}
    </div>
  )
}

const LastCheck = ({ check }: { check: LedgerCheck }) => {
  const { t } = useTranslation()
  const clean = check.status === "completed" && check.accounts_drifted === 0
  return (
    <div className="flex flex-col gap-4" data-testid="ledger-last-check">
      <div className="flex items-center gap-3">
        <Badge color={check.status === "failed" ? "red" : clean ? "green" : "orange"}>
          {t(`loyalty.health.status.${check.status === "completed" ? (clean ? "clean" : "drift") : check.status}`)}
        </Badge>
        <Text>
          {t("loyalty.health.summary", {
            time: dateTime(check.finished_at ?? check.started_at),
            trigger: t(`loyalty.health.trigger.${check.trigger}`),
            checked: check.accounts_checked,
            drifted: check.accounts_drifted,
          })}
        </Text>
      </div>
      {check.error && <Text className="text-ui-fg-error">{check.error}</Text>}
      {check.drifted.length > 0 && (
        <>
          {check.accounts_drifted > check.drifted.length && (
            <Text size="small" className="text-ui-fg-subtle">
              {t("loyalty.health.listed", { count: check.drifted.length, total: check.accounts_drifted })}
            </Text>
          )}
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>{t("loyalty.accounts.customer")}</Table.HeaderCell>
                <Table.HeaderCell>{t("loyalty.health.figure")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("loyalty.health.recorded")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("loyalty.health.ledger")}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {check.drifted.flatMap((account) =>
                account.differences.map((difference, i) => (
                  <Table.Row key={`${account.account_id}:${difference.field}`}>
                    <Table.Cell>
                      {i === 0 && (
                        <Link to={`/customers/${account.customer_id}`} className="text-ui-fg-interactive">
                          {account.customer?.email ?? account.customer_id}
                        </Link>
                      )}
                    </Table.Cell>
                    <Table.Cell>
                      {t(`loyalty.health.figures.${difference.field}`, { defaultValue: difference.field })}
                    </Table.Cell>
                    <Table.Cell className="text-right">{difference.actual}</Table.Cell>
                    <Table.Cell className="text-right">{difference.expected}</Table.Cell>
                  </Table.Row>
                ))
              )}
            </Table.Body>
          </Table>
        </>
      )}
    </div>
  )
}
