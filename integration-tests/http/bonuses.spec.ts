import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { expirePointsWorkflow, grantBirthdayBonusesWorkflow } from "../../src/workflows"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { createAdmin, createPublishableKey, createShopper, storeHeaders } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { registerShopper } from "../helpers/register"
import { deliver, eventBusOf, loyaltyEventRecorder } from "../helpers/loyalty-events"
import { waitForQuiet } from "../helpers/quiet"
import { errorOf } from "../helpers/http-error"

jest.setTimeout(180_000)

const DAY = 24 * 60 * 60 * 1000

type Headers = { headers: Record<string, string> }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("bonuses", () => {
      let admin: Headers
      let publishableKey: string
      let loyalty: LoyaltyModuleService
      const recorder = loyaltyEventRecorder(getContainer)

      beforeEach(async () => {
        const container = getContainer()
        admin = { headers: (await createAdmin(container)).headers }
        publishableKey = await createPublishableKey(container)
        loyalty = container.resolve(LOYALTY_MODULE)
        recorder.start()
      })

      afterEach(async () => {
        recorder.stop()
        await expectLedgerInvariants(getContainer())
      })

      const setProgram = (settings: Record<string, unknown>) => api.post("/admin/loyalty/program", settings, admin)
      const accountOf = async (shopper: Headers) => (await api.get("/store/loyalty/account", shopper)).data.account
      const updateAccount = (shopper: Headers, body: Record<string, unknown>) =>
        api.post("/store/loyalty/account", body, shopper)
      const bonusRows = async (customerId: string) => {
        const [account] = await loyalty.listLoyaltyAccounts({ customer_id: customerId })
        return account ? loyalty.listLoyaltyTransactions({ type: "bonus", account_id: account.id }) : []
      }
      const bonusEvents = () => recorder.events.filter((event) => event.name === "loyalty.bonus_granted")
      const adjust = (customerId: string, points: number) =>
        api.post(`/admin/customers/${customerId}/loyalty/adjustments`, { points, reason: "Test" }, admin)

      const register = (email?: string) => registerShopper(api, getContainer(), publishableKey, email)

      const runBirthdayJob = (now: string) => grantBirthdayBonusesWorkflow(getContainer()).run({ input: { now } })

      it("credits the welcome bonus on registration once, even when customer.created arrives again", async () => {
        await setProgram({ welcome_bonus: { points: 500, expiry_days: null } })
        const shopper = await register()
        expect(await accountOf(shopper.headers)).toMatchObject({ balance: 500, lifetime_earned: 500 })

        await deliver(getContainer(), "customer.created", { id: shopper.customer.id }, 2, "concurrent")
        await deliver(getContainer(), "customer.created", { id: shopper.customer.id }, 1, "serial")
        await waitForQuiet(getContainer())

        const account = await accountOf(shopper.headers)
        expect(account.balance).toBe(500)
        // The program's expiry_days (365) when the bonus sets none.
        expect(Math.abs(new Date(account.expiring[0].expires_at).getTime() - Date.now() - 365 * DAY)).toBeLessThan(60_000)
        const rows = await bonusRows(shopper.customer.id)
        expect(rows).toEqual([expect.objectContaining({ points: 500, details: { bonus: "welcome_bonus" } })])
        await waitForQuiet(getContainer())
        expect(bonusEvents()).toEqual([
          {
            name: "loyalty.bonus_granted",
            data: expect.objectContaining({
              account_id: account.id,
              customer_id: shopper.customer.id,
              bonus: "welcome_bonus",
              points: 500,
              transaction_id: rows[0].id,
            }),
          },
        ])
      })

      it("gives a guest customer neither an account nor the welcome bonus", async () => {
        await setProgram({ welcome_bonus: { points: 500, expiry_days: null } })
        const handled = TestEventUtils.waitSubscribersExecution("customer.created", eventBusOf(getContainer()), {
          timeout: 60_000,
        })
        const { data } = await api.post("/admin/customers", { email: "guest@test.dev" }, admin)
        await handled
        expect(data.customer.has_account).toBe(false)
        expect(await loyalty.listLoyaltyAccounts({ customer_id: data.customer.id })).toEqual([])
      })

      it("credits nothing for a bonus switched off, though the registered shopper gets an account", async () => {
        await setProgram({ welcome_bonus: { points: 500, expiry_days: null } })
        await setProgram({ welcome_bonus: null, newsletter_bonus: null })
        const shopper = await register()
        await updateAccount(shopper.headers, { newsletter_opt_in: true })

        const account = await accountOf(shopper.headers)
        expect(account).toMatchObject({ balance: 0, newsletter_opt_in: true })
        expect(account.id).toEqual(expect.any(String))
        expect(await bonusRows(shopper.customer.id)).toEqual([])
      })

      it("credits no bonus while the program is turned off, and keeps the balances", async () => {
        await setProgram({
          enabled: false,
          welcome_bonus: { points: 500, expiry_days: null },
          newsletter_bonus: { points: 100, expiry_days: null },
          birthday_bonus: { points: 1000, expiry_days: 3 },
        })
        const member = await createShopper(getContainer(), publishableKey)
        await adjust(member.customer.id, 200)

        const shopper = await register()
        await updateAccount(member.headers, { newsletter_opt_in: true, birthday: "05-17" })
        await runBirthdayJob("2026-05-17T10:00:00.000Z")

        expect(await accountOf(shopper.headers)).toMatchObject({ balance: 0 })
        expect(await accountOf(member.headers)).toMatchObject({ balance: 200, birthday: "05-17", newsletter_opt_in: true })
        expect(await bonusRows(shopper.customer.id)).toEqual([])
        expect(await bonusRows(member.customer.id)).toEqual([])
      })

      it("cuts a bonus to what fits under max_balance, counting pending points", async () => {
        await setProgram({ max_balance: 1000, newsletter_bonus: { points: 500, expiry_days: 0 } })
        const shopper = await createShopper(getContainer(), publishableKey)
        await adjust(shopper.customer.id, 700)
        await loyalty.credit({
          customer_id: shopper.customer.id,
          type: "earn",
          status: "pending",
          points: 100,
          order_id: "order_caps",
          idempotency_key: "earn:order_caps",
        })

        const { data } = await updateAccount(shopper.headers, { newsletter_opt_in: true })

        expect(data.account).toMatchObject({ balance: 900, pending: 100 })
        expect(await bonusRows(shopper.customer.id)).toEqual([
          expect.objectContaining({
            points: 200,
            expires_at: null,
            details: { bonus: "newsletter_bonus", capped_by: "max_balance", requested_points: 500 },
          }),
        ])
      })

      it("sets a birthday once: the same value again is fine, a change is refused with 400 and nothing changes", async () => {
        await setProgram({ newsletter_bonus: { points: 100, expiry_days: null } })
        const shopper = await createShopper(getContainer(), publishableKey)

        const { data } = await updateAccount(shopper.headers, { birthday: "1990-05-17" })
        expect(data.account).toMatchObject({ customer_id: shopper.customer.id, birthday: "1990-05-17", balance: 0 })
        expect((await updateAccount(shopper.headers, { birthday: "1990-05-17" })).data.account.birthday).toBe("1990-05-17")

        const error = await errorOf(updateAccount(shopper.headers, { birthday: "1990-06-01", newsletter_opt_in: true }))
        expect(error).toMatchObject({
          status: 400,
          type: "invalid_data",
          message: "birthday: already set to 1990-05-17; a birthday can be set only once",
        })
        expect(await accountOf(shopper.headers)).toMatchObject({
          birthday: "1990-05-17",
          newsletter_opt_in: false,
          balance: 0,
        })
        expect(await bonusRows(shopper.customer.id)).toEqual([])
      })

      it("refuses a bad birthday, a bad newsletter_opt_in and unknown fields with a 400 naming them, and saves nothing", async () => {
        const shopper = await createShopper(getContainer(), publishableKey)
        const other = await createShopper(getContainer(), publishableKey)

        for (const [body, message] of [
          [{ birthday: "1990-02-30" }, 'Invalid request: birthday: must be a date as YYYY-MM-DD or MM-DD, got "1990-02-30"'],
          [{ birthday: "17.05.1990" }, 'Invalid request: birthday: must be a date as YYYY-MM-DD or MM-DD, got "17.05.1990"'],
          [{ birthday: null }, "Invalid request: birthday: must be a date as YYYY-MM-DD or MM-DD, got null"],
          [{ newsletter_opt_in: "yes" }, "Invalid request: Expected type: 'boolean' for field 'newsletter_opt_in', got: 'yes'"],
          [{ customer_id: other.customer.id, birthday: "05-17" }, "Invalid request: Unrecognized fields: 'customer_id'"],
        ] as const) {
          const error = await errorOf(updateAccount(shopper.headers, body))
          expect(error).toMatchObject({ status: 400, type: "invalid_data", message })
        }

        expect(await loyalty.listLoyaltyAccounts({})).toEqual([])
        expect((await errorOf(updateAccount(storeHeaders(publishableKey), { birthday: "05-17" }))).status).toBe(401)
        // A shopper's request changes only their own account.
        await updateAccount(other.headers, { birthday: "02-29" })
        expect(await accountOf(other.headers)).toMatchObject({ birthday: "02-29" })
        // (Reading it gives the shopper their referral code, so it exists now, without a birthday.)
        expect(await accountOf(shopper.headers)).toMatchObject({ birthday: null, newsletter_opt_in: false })
      })

      it("credits the newsletter bonus on the first opt-in only: opting out and in again earns nothing more", async () => {
        await setProgram({ newsletter_bonus: { points: 300, expiry_days: 0 } })
        const shopper = await createShopper(getContainer(), publishableKey)

        const { data } = await updateAccount(shopper.headers, { newsletter_opt_in: true })
        expect(data.account).toMatchObject({ balance: 300, newsletter_opt_in: true, expiring: [] })
        await updateAccount(shopper.headers, { newsletter_opt_in: true })
        expect((await updateAccount(shopper.headers, { newsletter_opt_in: false })).data.account.newsletter_opt_in).toBe(false)
        await updateAccount(shopper.headers, { newsletter_opt_in: true })

        expect(await accountOf(shopper.headers)).toMatchObject({ balance: 300, newsletter_opt_in: true })
        expect(await bonusRows(shopper.customer.id)).toEqual([expect.objectContaining({ points: 300, expires_at: null })])
        await waitForQuiet(getContainer())
        expect(bonusEvents().map((event) => event.data)).toEqual([
          expect.objectContaining({ bonus: "newsletter_bonus", points: 300, expires_at: null }),
        ])
      })

      it("credits the newsletter bonus once when two opt-ins arrive at once", async () => {
        await setProgram({ newsletter_bonus: { points: 300, expiry_days: null } })
        const shopper = await createShopper(getContainer(), publishableKey)

        await Promise.all([
          updateAccount(shopper.headers, { newsletter_opt_in: true }),
          updateAccount(shopper.headers, { newsletter_opt_in: true }),
        ])

        await waitForQuiet(getContainer())
        expect(await accountOf(shopper.headers)).toMatchObject({ balance: 300 })
        expect(await bonusRows(shopper.customer.id)).toHaveLength(1)
      })

      it("credits the birthday bonus on the day, once across two runs at once and a rerun", async () => {
        await setProgram({ birthday_bonus: { points: 1000, expiry_days: 3 } })
        const today = await createShopper(getContainer(), publishableKey)
        const tomorrow = await createShopper(getContainer(), publishableKey)
        const unknown = await createShopper(getContainer(), publishableKey)
        await updateAccount(today.headers, { birthday: "1990-05-17" })
        await updateAccount(tomorrow.headers, { birthday: "05-18" })
        await updateAccount(unknown.headers, { newsletter_opt_in: false })

        const now = "2026-05-17T10:00:00.000Z"
        await Promise.all([runBirthdayJob(now), runBirthdayJob(now)])
        await runBirthdayJob(now)

        expect(await accountOf(today.headers)).toMatchObject({ balance: 1000 })
        expect(await accountOf(tomorrow.headers)).toMatchObject({ balance: 0 })
        expect(await accountOf(unknown.headers)).toMatchObject({ balance: 0 })
        const rows = await bonusRows(today.customer.id)
        expect(rows).toEqual([
          expect.objectContaining({ points: 1000, idempotency_key: `birthday:${rows[0].account_id}:2026` }),
        ])
        await waitForQuiet(getContainer())
        expect(bonusEvents().map((event) => event.data)).toEqual([
          expect.objectContaining({ customer_id: today.customer.id, bonus: "birthday_bonus", points: 1000 }),
        ])
      })

      it("takes the day from the program's time zone: 23:30 UTC on 31 December is 1 January in Moscow", async () => {
        await setProgram({ time_zone: "Europe/Moscow", birthday_bonus: { points: 1000, expiry_days: 3 } })
        const newYear = await createShopper(getContainer(), publishableKey)
        const newYearsEve = await createShopper(getContainer(), publishableKey)
        await updateAccount(newYear.headers, { birthday: "01-01" })
        await updateAccount(newYearsEve.headers, { birthday: "1985-12-31" })

        const { result } = await runBirthdayJob("2026-12-31T23:30:00.000Z")

        expect(result).toMatchObject({ date: "2027-01-01", lots: 1 })
        expect(await accountOf(newYear.headers)).toMatchObject({ balance: 1000 })
        expect(await accountOf(newYearsEve.headers)).toMatchObject({ balance: 0 })
        const [row] = await bonusRows(newYear.customer.id)
        expect(row.idempotency_key).toBe(`birthday:${row.account_id}:2027`)
      })

      it("celebrates 29 February on 28 February in years that are not leap years", async () => {
        await setProgram({ birthday_bonus: { points: 100, expiry_days: 0 } })
        const leapling = await createShopper(getContainer(), publishableKey)
        await updateAccount(leapling.headers, { birthday: "2000-02-29" })

        await runBirthdayJob("2027-02-28T12:00:00.000Z")
        await runBirthdayJob("2028-02-28T12:00:00.000Z")
        expect(await accountOf(leapling.headers)).toMatchObject({ balance: 100 })
        await runBirthdayJob("2028-02-29T12:00:00.000Z")

        expect(await accountOf(leapling.headers)).toMatchObject({ balance: 200 })
        expect((await bonusRows(leapling.customer.id)).map((row) => row.idempotency_key).sort()).toEqual([
          expect.stringMatching(/:2027$/),
          expect.stringMatching(/:2028$/),
        ])
      })

      it("lets a birthday bonus with expiry_days 3 expire three days later", async () => {
        await setProgram({ birthday_bonus: { points: 1000, expiry_days: 3 } })
        const shopper = await createShopper(getContainer(), publishableKey)
        await updateAccount(shopper.headers, { birthday: "05-17" })
        const now = new Date("2026-05-17T00:15:00.000Z")

        await runBirthdayJob(now.toISOString())
        const account = await accountOf(shopper.headers)
        expect(account.balance).toBe(1000)
        expect(account.expiring).toEqual([{ points: 1000, expires_at: new Date(now.getTime() + 3 * DAY).toISOString() }])

        const expire = (at: number) => expirePointsWorkflow(getContainer()).run({ input: { now: new Date(at).toISOString() } })
        await expire(now.getTime() + 3 * DAY - 60_000)
        expect(await accountOf(shopper.headers)).toMatchObject({ balance: 1000 })
        await expire(now.getTime() + 3 * DAY + 60_000)
        expect(await accountOf(shopper.headers)).toMatchObject({ balance: 0, expiring: [] })
      })
    })
  },
})
