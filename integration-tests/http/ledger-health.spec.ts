import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import verifyLedger from "../../src/jobs/verify-ledger"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { verifyLedgerWorkflow } from "../../src/workflows"
import { createAdmin, createPublishableKey, createShopper } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { loyaltyEventRecorder } from "../helpers/loyalty-events"
import { waitForQuiet } from "../helpers/quiet"

jest.setTimeout(120_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("ledger health", () => {
      let admin: { headers: Record<string, string> }
      let shoppers: Awaited<ReturnType<typeof createShopper>>[]
      let loyalty: LoyaltyModuleService
      const recorder = loyaltyEventRecorder(getContainer)

      beforeEach(async () => {
        const container = getContainer()
        admin = { headers: (await createAdmin(container)).headers }
        const publishableKey = await createPublishableKey(container)
        loyalty = container.resolve(LOYALTY_MODULE)
        shoppers = []
        for (let i = 0; i < 5; i++) {
          const shopper = await createShopper(container, publishableKey)
          await loyalty.credit({
            customer_id: shopper.customer.id,
            type: "earn",
            status: "available",
            points: 100 + i,
            idempotency_key: `health:${shopper.customer.id}`,
          })
          shoppers.push(shopper)
        }
        recorder.start()
      })

      afterEach(async () => {
        recorder.stop()
        await expectLedgerInvariants(getContainer())
      })

      /** A change made behind the ledger's back, as a hand-written fix in psql would be. */
      const sql = (query: string, bindings: string[]) =>
        getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION).raw(query, bindings)
      const accountOf = (i: number) => loyalty.getOrCreateAccount(shoppers[i].customer.id)
      const drifts = () => recorder.events.filter((event) => event.name === "loyalty.ledger_drift")

      it("reports a clean ledger: every account checked, none differs, no event", async () => {
        const { data } = await api.post("/admin/loyalty/health", {}, admin)
        expect(data).toMatchObject({
          started: true,
          check: { status: "completed", trigger: "admin", accounts_checked: 5, accounts_drifted: 0, drifted: [] },
        })
        await waitForQuiet(getContainer())
        const health = await api.get("/admin/loyalty/health", admin)
        expect(health.data).toMatchObject({
          last_check: { id: data.check.id, accounts_checked: 5, accounts_drifted: 0 },
          running_check: null,
          schedule: "0 4 * * *",
        })
        expect(drifts()).toEqual([])
      })

      it("finds accounts changed out of band in the nightly job, run twice at once: one warning and one event each", async () => {
        const [second, fourth] = [await accountOf(1), await accountOf(3)]
        await sql("UPDATE loyalty_account SET balance = balance + 7 WHERE id = ?", [second.id])
        await sql("UPDATE loyalty_account SET reserved = reserved + 5 WHERE id = ?", [fourth.id])
        const logger = getContainer().resolve(ContainerRegistrationKeys.LOGGER)
        const warn = jest.spyOn(logger, "warn")
        try {
          await Promise.all([verifyLedger(getContainer()), verifyLedger(getContainer())])
          await waitForQuiet(getContainer())

          expect(drifts().map((event) => event.data.customer_id).sort()).toEqual(
            [shoppers[1].customer.id, shoppers[3].customer.id].sort()
          )
          expect(drifts().find((event) => event.data.account_id === second.id)!.data).toMatchObject({
            customer_id: shoppers[1].customer.id,
            differences: [{ field: "balance", expected: 101, actual: 108 }],
            event_id: expect.any(String),
          })
          const lines = warn.mock.calls.map(([line]) => String(line)).filter((line) => line.includes("ledger drift"))
          expect(lines).toHaveLength(2)
          expect(lines.find((line) => line.includes(second.id))).toContain(
            `of customer ${shoppers[1].customer.id}: balance 108 (ledger: 101)`
          )
          expect(warn.mock.calls.map(([line]) => String(line))).toContainEqual(
            expect.stringMatching(/ledger check lychk_\w+: 2 of 5 account\(s\) differ/)
          )

          const { data } = await api.get("/admin/loyalty/health", admin)
          expect(data.running_check).toBeNull()
          expect(data.last_check).toMatchObject({
            status: "completed",
            trigger: "schedule",
            accounts_checked: 5,
            accounts_drifted: 2,
          })
          expect(data.last_check.finished_at).toEqual(expect.any(String))
          const listed = data.last_check.drifted.find((account: any) => account.account_id === fourth.id)
          expect(listed).toEqual({
            account_id: fourth.id,
            customer_id: shoppers[3].customer.id,
            customer: { email: shoppers[3].customer.email, first_name: "Sam", last_name: null },
            differences: [{ field: "reserved", expected: 0, actual: 5 }],
          })
          // Two runs at once made one check.
          expect(await loyalty.listLoyaltyLedgerChecks({})).toHaveLength(1)
        } finally {
          warn.mockRestore()
          await sql("UPDATE loyalty_account SET balance = balance - 7 WHERE id = ?", [second.id])
          await sql("UPDATE loyalty_account SET reserved = reserved - 5 WHERE id = ?", [fourth.id])
        }
      })

      it("covers every account when they take many batches, and a fresh check from the admin finds the fix", async () => {
        const last = await accountOf(4)
        await sql("UPDATE loyalty_account SET balance = balance + 7 WHERE id = ?", [last.id])
        try {
          const { result } = await verifyLedgerWorkflow(getContainer()).run({ input: { trigger: "admin", batch_size: 2 } })
          expect(result.check).toMatchObject({ accounts_checked: 5, accounts_drifted: 1 })
          await waitForQuiet(getContainer())
          expect(drifts()).toHaveLength(1)
        } finally {
          await sql("UPDATE loyalty_account SET balance = balance - 7 WHERE id = ?", [last.id])
        }
        const { data } = await api.post("/admin/loyalty/health", {}, admin)
        expect(data.check).toMatchObject({ accounts_checked: 5, accounts_drifted: 0 })
        expect((await api.get("/admin/loyalty/health", admin)).data.last_check.id).toBe(data.check.id)
        await waitForQuiet(getContainer())
        expect(drifts()).toHaveLength(1)
      })

      it("answers a check already running instead of starting another", async () => {
        const { check } = await loyalty.startLedgerCheck("schedule")
        try {
          const { data } = await api.post("/admin/loyalty/health", {}, admin)
          expect(data).toMatchObject({ started: false, check: { id: check.id, status: "running" } })
          expect((await api.get("/admin/loyalty/health", admin)).data.running_check).toMatchObject({ id: check.id })
        } finally {
          await loyalty.finishLedgerCheck(check.id)
        }
      })

      it("is for admins only and takes no parameters", async () => {
        const errorOf = async (request: Promise<unknown>) => ((await request.catch((e) => e)) as any).response
        expect((await errorOf(api.get("/admin/loyalty/health"))).status).toBe(401)
        expect((await errorOf(api.post("/admin/loyalty/health", {}))).status).toBe(401)
        expect((await errorOf(api.get("/admin/loyalty/health?run=true", admin))).status).toBe(400)
        expect((await errorOf(api.post("/admin/loyalty/health", { force: true }, admin))).status).toBe(400)
        expect(await loyalty.listLoyaltyLedgerChecks({})).toHaveLength(0)
      })
    })
  },
})
