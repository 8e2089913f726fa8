import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import expirePoints from "../../src/jobs/expire-points"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { createAdmin, createPublishableKey, createShopper } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { afterHandled, eventBusOf, loyaltyEventRecorder, waitForQuiet } from "../helpers/loyalty-events"
import { killMedusaExecs, medusaExec } from "../helpers/medusa-exec"
import { EXPIRY_JOB_PAUSED } from "../helpers/run-expiry-job"

jest.setTimeout(300_000)

const DAY = 24 * 60 * 60 * 1000
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("expiry", () => {
      let admin: { headers: Record<string, string> }
      let shopper: Awaited<ReturnType<typeof createShopper>>
      let loyalty: LoyaltyModuleService
      const recorder = loyaltyEventRecorder(getContainer)
      let seq = 0

      beforeEach(async () => {
        const container = getContainer()
        admin = { headers: (await createAdmin(container)).headers }
        const publishableKey = await createPublishableKey(container)
        shopper = await createShopper(container, publishableKey)
        loyalty = container.resolve(LOYALTY_MODULE)
        recorder.start()
      })

      afterEach(async () => {
        killMedusaExecs()
        recorder.stop()
        await expectLedgerInvariants(getContainer())
      })

      const credit = (points: number, expires_at: Date | null) =>
        loyalty.credit({
          customer_id: shopper.customer.id,
          type: "earn",
          status: "available",
          points,
          expires_at,
          idempotency_key: `test:${++seq}`,
        })
      const storeAccount = async () => (await api.get("/store/loyalty/account", shopper.headers)).data.account
      const eventsNamed = (name: string) => recorder.events.filter((event) => event.name === name)

      it("gives an admin's credit the program's expiry unless the admin sets its own", async () => {
        const adjust = (body: Record<string, unknown>) =>
          api.post(`/admin/customers/${shopper.customer.id}/loyalty/adjustments`, { reason: "Goodwill", ...body }, admin)
        const byProgram = (await adjust({ points: 100 })).data.transaction
        expect(Math.abs(new Date(byProgram.expires_at).getTime() - daysFromNow(365).getTime())).toBeLessThan(60_000)
        const own = (await adjust({ points: 100, expires_in_days: 3 })).data.transaction
        expect(Math.abs(new Date(own.expires_at).getTime() - daysFromNow(3).getTime())).toBeLessThan(60_000)

        await api.post("/admin/loyalty/program", { expiry_days: 0 }, admin)
        expect((await adjust({ points: 100 })).data.transaction.expires_at).toBeNull()
      })

      it("expires due points in the daily job, once however many runs overlap, and emits loyalty.points_expired", async () => {
        await credit(100, daysFromNow(-2))
        await credit(50, daysFromNow(-1))
        const later = await credit(70, daysFromNow(40))
        expect(await storeAccount()).toMatchObject({ balance: 220 })

        await Promise.all([expirePoints(getContainer()), expirePoints(getContainer())])
        await expirePoints(getContainer())

        expect(await storeAccount()).toMatchObject({
          balance: 70,
          expiring: [{ points: 70, expires_at: later.expires_at!.toISOString() }],
        })
        expect(eventsNamed("loyalty.points_expired")).toEqual([
          {
            name: "loyalty.points_expired",
            data: expect.objectContaining({ customer_id: shopper.customer.id, points: 150, balance: 70, lots: 2 }),
          },
        ])
        const { data } = await api.get(`/store/loyalty/account/transactions`, shopper.headers)
        expect(data.transactions.filter((row: any) => row.type === "expire").map((row: any) => row.points).sort()).toEqual([-100, -50])
      })

      it("warns once, expiry_warning_days ahead, with the points and the date", async () => {
        const soon = await credit(40, daysFromNow(10))
        await credit(60, daysFromNow(20))

        await expirePoints(getContainer())
        await expirePoints(getContainer())

        expect(eventsNamed("loyalty.points_expiring")).toEqual([
          {
            name: "loyalty.points_expiring",
            data: expect.objectContaining({
              reason: "expiry",
              customer_id: shopper.customer.id,
              points: 40,
              expires_at: soon.expires_at!.toISOString(),
            }),
          },
        ])
        expect(await storeAccount()).toMatchObject({ balance: 100 })

        // The store's own subscriber (integration-tests/host-app) emails it, once however often it arrives.
        const notifications = getContainer().resolve(Modules.NOTIFICATION)
        const [warning] = eventsNamed("loyalty.points_expiring")
        await afterHandled(getContainer(), ["loyalty.points_expiring"], () => eventBusOf(getContainer()).emit([warning]))
        // Counted once nothing more can arrive, so a duplicate would be seen.
        await waitForQuiet(getContainer())
        const sent = await notifications.listNotifications({ template: "loyalty-points-expiring" })
        expect(sent).toEqual([
          expect.objectContaining({ to: shopper.customer.email, channel: "email", data: expect.objectContaining({ points: 40 }) }),
        ])
      })

      it("finishes a run that was killed halfway, with nothing lost or expired twice", async () => {
        const container = getContainer()
        const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const ACCOUNTS = 10_000
        const BATCH = 10
        const PAUSED_AFTER = 5
        // Per account: lots of 10 and 20 points due, one of 30 later (balance 60), written set-based.
        await knex.raw(`
          INSERT INTO loyalty_account (id, customer_id, balance, lifetime_earned, last_activity_at)
          SELECT 'lyacc_kill_' || lpad(i::text, 6, '0'), 'cus_kill_' || lpad(i::text, 6, '0'), 60, 60, now()
          FROM generate_series(1, ${ACCOUNTS}) i;
          INSERT INTO loyalty_transaction (id, account_id, type, points, remaining, status, expires_at, idempotency_key)
          SELECT 'lytx_kill_' || lpad(i::text, 6, '0') || '_' || lot, 'lyacc_kill_' || lpad(i::text, 6, '0'), 'earn',
            lot * 10, lot * 10, 'available', now() + (CASE WHEN lot = 3 THEN 30 ELSE -lot END) * interval '1 day',
            'seed:kill:' || i || ':' || lot
          FROM generate_series(1, ${ACCOUNTS}) i, (VALUES (1), (2), (3)) AS lots(lot);
        `)
        const expireRows = async () =>
          Number((await knex("loyalty_transaction").where({ type: "expire" }).count({ n: "*" }))[0].n)

        // Medusa's connection carries the test database's URL as connectionString.
        const databaseUrl: string = knex.client.config.connection.connectionString
        const job = medusaExec("./integration-tests/helpers/run-expiry-job.ts", {
          DATABASE_URL: databaseUrl,
          LOYALTY_EXPIRY_BATCH_SIZE: String(BATCH),
          LOYALTY_EXPIRY_PAUSE_AFTER_BATCHES: String(PAUSED_AFTER),
        })
        try {
          // Killed where it says it stopped: after PAUSED_AFTER batches, not after a guess of time.
          await job.line(new RegExp(`^${EXPIRY_JOB_PAUSED} `))
        } finally {
          job.kill()
        }
        expect(await job.exited).toMatchObject({ signal: "SIGKILL" })
        const afterKill = await expireRows()
        // Two due lots an account, BATCH accounts a batch: what the paused batches expired, and
        // less than all of it.
        expect(afterKill).toBeGreaterThanOrEqual(PAUSED_AFTER * BATCH * 2)
        expect(afterKill).toBeLessThan(2 * ACCOUNTS)
        // What the killed run committed, it committed whole: figures match the ledger.
        expect(await loyalty.verifyAccounts()).toEqual([])
        const undelivered = Number((await knex("loyalty_outbox_event").count({ n: "*" }))[0].n)

        await expirePoints(container)

        expect(await expireRows()).toBe(2 * ACCOUNTS)
        const { rows } = await knex.raw(`
          SELECT COUNT(DISTINCT reference) AS lots, SUM(points) AS points FROM loyalty_transaction WHERE type = 'expire'`)
        expect(rows[0]).toEqual({ lots: String(2 * ACCOUNTS), points: String(-30 * ACCOUNTS) })
        const { rows: balances } = await knex.raw(`
          SELECT balance, COUNT(*) AS n FROM loyalty_account WHERE id LIKE 'lyacc_kill_%' GROUP BY balance`)
        expect(balances).toEqual([{ balance: 30, n: String(ACCOUNTS) }])
        // Events the killed run wrote but never sent went out with the next run's.
        expect(Number((await knex("loyalty_outbox_event").count({ n: "*" }))[0].n)).toBe(0)
        expect(eventsNamed("loyalty.points_expired").length).toBeGreaterThanOrEqual(undelivered)
      })
    })
  },
})
