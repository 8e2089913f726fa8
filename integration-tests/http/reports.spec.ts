import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createAdmin } from "../helpers/auth"
import { errorOf } from "../helpers/http-error"

jest.setTimeout(180_000)

/**
 * The report's figures on a small store built row by row (customers, orders,
 * their summaries, accounts and ledger rows written with SQL, so that many
 * customers' orders of a past period cost nothing), each answer worked out by
 * hand below from the rows. The period is March and April 2025.
 */
const FROM = "2025-03-01T00:00:00.000Z"
const TO = "2025-05-01T00:00:00.000Z"
const at = (day: string) => new Date(`${day}T12:00:00Z`)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("GET /admin/loyalty/reports", () => {
      let admin: { headers: Record<string, string> }
      const report = async (query = `?from=${FROM}&to=${TO}`) => (await api.get(`/admin/loyalty/reports${query}`, admin)).data.report

      beforeEach(async () => {
        const container = getContainer()
        admin = { headers: (await createAdmin(container)).headers }
        await api.post("/admin/loyalty/program", { point_values: { eur: 0.01, usd: 0.02 } }, admin)
        await buildStore(container.resolve(ContainerRegistrationKeys.PG_CONNECTION))
      })

      it("works out participation, redemption and each customer group from the period's orders", async () => {
        const figures = await report()
        // Ordering customers: ana, ben, cai (members), dan, eve (not). ben's canceled and draft
        // orders, eve's deleted order, the orders before and at the period's end and the order
        // without a customer do not count: 2 + 1 + 2 + 3 + 1 = 9 orders.
        // Earned points: o1, o2, o3, o7. Paid with points: o1 (ana).
        expect(figures.participation).toEqual({
          ordering_customers: 5,
          member_customers: 3,
          member_share: 0.6,
          orders: 9,
          earning_orders: 4,
          earning_order_share: 0.4444,
        })
        // Redeemed: 500 on o1 less 100 restored = 400 of 2499 + 850 = 3349 issued: 0.11943….
        expect(figures.redemption).toEqual({
          points_redeemed: 400,
          points_issued: 3349,
          rate: 0.1194,
          members_ordering: 3,
          members_redeemed: 1,
          member_share: 0.3333,
          orders: 9,
          points_orders: 1,
          order_share: 0.1111,
        })
        // ana redeemed: o1 (its latest live summary: 100) and o2 (60).
        expect(figures.groups.redeemers).toEqual({
          customers: 1,
          repeat_customers: 1,
          rate: 1,
          orders: 2,
          orders_per_customer: 2,
          average_order_value: [{ currency_code: "eur", orders: 2, revenue: 160, amount: 80 }],
        })
        // ben once (40 EUR), cai twice (30 and 50 USD).
        expect(figures.groups.non_redeemers).toEqual({
          customers: 2,
          repeat_customers: 1,
          rate: 0.5,
          orders: 3,
          orders_per_customer: 1.5,
          average_order_value: [
            { currency_code: "eur", orders: 1, revenue: 40, amount: 40 },
            { currency_code: "usd", orders: 2, revenue: 80, amount: 40 },
          ],
        })
        // dan 80 + 20 + 50, eve 11: 161 / 4 = 40.25.
        expect(figures.groups.non_members).toEqual({
          customers: 2,
          repeat_customers: 1,
          rate: 0.5,
          orders: 4,
          orders_per_customer: 2,
          average_order_value: [{ currency_code: "eur", orders: 4, revenue: 161, amount: 40.25 }],
        })
        expect(figures.repeat_purchase).toEqual({
          members: { customers: 3, repeat_customers: 2, rate: 0.6667 },
          others: { customers: 2, repeat_customers: 1, rate: 0.5 },
        })
      })

      it("counts the ledger: points per month, expiry, outstanding points, breakage and liability", async () => {
        const figures = await report()
        expect(figures.months).toEqual([
          // ana's 1000, ben's 300, 200 and 999 (o4's, voided and reversed when it was canceled);
          // ana spent 500; ben's 200 expired.
          { month: "2025-03", issued: 2499, spent: 500, expired: 200, reversed: 999 },
          // ana's 600 and cai's 250 (pending); 100 given back to ana; 100 of o2 reversed.
          { month: "2025-04", issued: 850, spent: -100, expired: 0, reversed: 100 },
        ])
        // Balances: ana 500 + 500 + 100, ben 300, cai 0 (250 pending), fay 400.
        expect(figures).toMatchObject({ outstanding_points: 1800, pending_points: 250, members: 4, active_members: 3 })

        // 200 expired of the 1000 + 600 + 300 + 200 that became available in the period (o4's
        // void lot and cai's pending one never did).
        // By earning month, all history: 2024-01 500 issued, 300 expired, none open;
        // 2024-02 400, none expired, 400 open; 2025-03 1500, 200 expired, 800 open;
        // 2025-04 700 (restore included), none expired, 600 open. Overall 500 of 3100.
        // Expected to expire: 400 × 500/3100 + 800 × 200/1500 + 600 × 500/3100 = 24920/93
        // of 1800 open: 0.148864…, 267 whole points.
        const share = 24920 / 93 / 1800
        expect(figures.expiry).toEqual({
          points_expired: 200,
          points_available: 2100,
          rate: 0.0952,
          breakage_share: 0.1489,
          breakage_points: 267,
        })
        expect(figures.liability).toEqual([
          { currency_code: "eur", point_value: 0.01, amount: 18 },
          { currency_code: "usd", point_value: 0.02, amount: 36 },
        ])
        expect(figures.liability_after_breakage).toEqual([
          { currency_code: "eur", amount: Math.round(18 * (1 - share) * 100) / 100 },
          { currency_code: "usd", amount: Math.round(36 * (1 - share) * 100) / 100 },
        ])
        expect(figures.liability_after_breakage.map((l: any) => l.amount)).toEqual([15.32, 30.64])
      })

      it("sets the program's cost against the revenue of members' orders, per currency", async () => {
        // o1: 500 redeemed, 100 restored: 400 × 0.01 = 4 EUR of members' 100 + 60 + 40 EUR.
        // Members' USD orders (cai's 30 and 50) spent no points.
        expect((await report()).program_cost).toEqual([
          { currency_code: "eur", points_redeemed: 400, amount: 4, member_revenue: 200, revenue_share: 0.02 },
          { currency_code: "usd", points_redeemed: 0, amount: 0, member_revenue: 80, revenue_share: 0 },
        ])
      })

      it("has nothing of the period in a period before it, and counts only the orders of a shorter one", async () => {
        const before = await report("?from=2025-01-01T00:00:00Z&to=2025-03-01T00:00:00Z")
        // o13 (dan, 28 February) is the only order; the ledger only expired fay's 300 (of a lot of 2024).
        expect(before.months).toEqual([{ month: "2025-01", issued: 0, spent: 0, expired: 300, reversed: 0 }])
        expect(before.participation).toMatchObject({ ordering_customers: 1, member_customers: 0, orders: 1 })
        expect(before.redemption).toMatchObject({ points_redeemed: 0, rate: null, member_share: null })
        expect(before.expiry).toMatchObject({ points_expired: 300, points_available: 0, rate: null })
        // April alone: ana's o2, cai's o7, dan's o10.
        const april = await report("?from=2025-04-01T00:00:00Z&to=2025-05-01T00:00:00Z")
        expect(april.participation).toMatchObject({ ordering_customers: 3, member_customers: 2, orders: 3, earning_orders: 2 })
        expect(april.repeat_purchase.members).toEqual({ customers: 2, repeat_customers: 0, rate: 0 })
      })

      it("reads an order's value as Medusa's order module stores it", async () => {
        const container = getContainer()
        const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const [customer] = await knex("customer").insert({ id: "cus_real", email: "real@shop.test" }).returning("id")
        const [order] = await container.resolve(Modules.ORDER).createOrders([
          {
            currency_code: "eur",
            email: "real@shop.test",
            customer_id: customer.id,
            items: [{ title: "Mug", quantity: 2, unit_price: 12.5 }],
          },
        ] as any)
        await knex("order").where({ id: order.id }).update({ created_at: at("2025-07-10") })
        const july = await report("?from=2025-07-01T00:00:00Z&to=2025-08-01T00:00:00Z")
        expect(july.groups.non_members.average_order_value).toEqual([{ currency_code: "eur", orders: 1, revenue: 25, amount: 25 }])
      })

      it("exports the report as CSV, one figure a row", async () => {
        const response = await api.get(`/admin/loyalty/reports/export?from=${FROM}&to=${TO}`, admin)
        expect(response.status).toBe(200)
        expect(response.headers["content-type"]).toMatch(/^text\/csv/)
        expect(response.headers["content-disposition"]).toBe('attachment; filename="loyalty-report-2025-03-01-to-2025-04-30.csv"')
        const lines = String(response.data).replace(/^\uFEFF/, "").trim().split("\n")
        expect(lines[0]).toBe("figure,currency_code,value")
        expect(lines).toEqual(
          expect.arrayContaining([
            "from,,2025-03-01T00:00:00.000Z",
            "participation.member_share,,0.6",
            "redemption.rate,,0.1194",
            "non_members.average_order_value,eur,40.25",
            "liability,usd,36",
            "liability_after_breakage,eur,15.32",
            "program_cost.amount,eur,4",
            "2025-04.reversed,,100",
          ])
        )
      })

      it("refuses a bad period for the export as for the report", async () => {
        const backwards = await errorOf(api.get("/admin/loyalty/reports/export?from=2026-05-01&to=2026-01-01", admin))
        expect([backwards.status, backwards.message]).toEqual([400, expect.stringMatching(/from must be before to/)])
      })
    })
  },
})

/**
 * The store, by customer (members have an account):
 * - ana (member): o1 100 EUR (earned 1000, paid 500 points, 100 given back), o2 60 EUR (earned 600, 100 reversed).
 * - ben (member): o3 40 EUR (earned 300); o4 canceled (its 999 voided and reversed), o5 a draft;
 *   a 200 bonus that expired.
 * - cai (member): o6 30 USD (earned nothing), o7 50 USD (earned 250, pending).
 * - dan: o8 80, o9 20, o10 50 EUR; o13 before the period. eve: o11 11 EUR; o12 deleted.
 * - fay (member, no order): history of 2024: 500 adjusted (200 spent, 300 expired), 400 earned, open.
 * o14 at the period's end and o15 without a customer do not count either.
 */
async function buildStore(knex: any) {
  await knex("customer").insert(
    ["ana", "ben", "cai", "dan", "eve", "fay"].map((name) => ({ id: `cus_${name}`, email: `${name}@shop.test`, has_account: true }))
  )
  const accounts = { ana: 1100, ben: 300, cai: 0, fay: 400 }
  await knex("loyalty_account").insert(
    Object.entries(accounts).map(([name, balance]) => ({
      id: `lyacc_${name}`,
      customer_id: `cus_${name}`,
      balance,
      pending: name === "cai" ? 250 : 0,
    }))
  )
  const orders: [string, string | null, string, number, string, Record<string, unknown>?][] = [
    // o1 was edited once: its current version is 2, whose summary is its value.
    ["o1", "ana", "eur", 100, "2025-03-10", { version: 2 }],
    ["o2", "ana", "eur", 60, "2025-04-05"],
    ["o3", "ben", "eur", 40, "2025-03-15"],
    ["o4", "ben", "eur", 999, "2025-03-16", { status: "canceled", canceled_at: at("2025-03-17") }],
    ["o5", "ben", "eur", 999, "2025-03-18", { status: "draft", is_draft_order: true }],
    ["o6", "cai", "usd", 30, "2025-03-20"],
    ["o7", "cai", "usd", 50, "2025-04-25"],
    ["o8", "dan", "eur", 80, "2025-03-02"],
    ["o9", "dan", "eur", 20, "2025-03-25"],
    ["o10", "dan", "eur", 50, "2025-04-30"],
    ["o11", "eve", "eur", 11, "2025-03-05"],
    ["o12", "eve", "eur", 999, "2025-03-06", { deleted_at: at("2025-03-07") }],
    ["o13", "dan", "eur", 999, "2025-02-28"],
    ["o15", null, "eur", 999, "2025-03-08"],
  ]
  await knex("order").insert([
    ...orders.map(([id, customer, currency_code, , day, extra]) => ({
      id,
      customer_id: customer && `cus_${customer}`,
      currency_code,
      created_at: at(day),
      ...extra,
    })),
    { id: "o14", customer_id: "cus_dan", currency_code: "eur", created_at: new Date(TO) },
  ])
  await knex("order_summary").insert([
    ...orders.map(([id, , , total]) => ({ id: `ordsum_${id}`, order_id: id, version: id === "o1" ? 2 : 1, totals: { current_order_total: total } })),
    // o1's first version and a deleted later one (a change begun and undone) are not its value.
    { id: "ordsum_o1_v1", order_id: "o1", version: 1, totals: { current_order_total: 120 } },
    { id: "ordsum_o1_v3", order_id: "o1", version: 3, totals: { current_order_total: 5 }, deleted_at: at("2025-03-11") },
    { id: "ordsum_o14", order_id: "o14", version: 1, totals: { current_order_total: 999 } },
  ])
  const row = (
    id: string,
    account: string,
    type: string,
    points: number,
    day: string,
    extra: Record<string, unknown> = {}
  ) => ({
    id,
    account_id: `lyacc_${account}`,
    type,
    points,
    status: "available",
    idempotency_key: `report-test:${id}`,
    created_at: at(day),
    ...(points > 0 && type !== "reversal" ? { remaining: points, available_at: at(day) } : {}),
    ...extra,
  })
  await knex("loyalty_transaction").insert([
    row("lot_ana_o1", "ana", "earn", 1000, "2025-03-10", { order_id: "o1", remaining: 500 }),
    row("tx_ana_redeem", "ana", "redeem", -500, "2025-03-10", { order_id: "o1" }),
    row("lot_ana_o2", "ana", "earn", 600, "2025-04-05", { order_id: "o2", remaining: 500 }),
    row("tx_ana_reversal", "ana", "reversal", -100, "2025-04-10", { order_id: "o2", reference: "lot_ana_o2" }),
    row("lot_ana_restore", "ana", "restore", 100, "2025-04-20", { order_id: "o1" }),
    row("lot_ben_o3", "ben", "earn", 300, "2025-03-15", { order_id: "o3" }),
    row("lot_ben_o4", "ben", "earn", 999, "2025-03-16", { order_id: "o4", status: "void", remaining: 0, available_at: at("2025-03-30") }),
    row("tx_ben_o4_reversal", "ben", "reversal", -999, "2025-03-17", { order_id: "o4", reference: "lot_ben_o4" }),
    row("lot_ben_bonus", "ben", "bonus", 200, "2025-03-01", { remaining: 0, expires_at: at("2025-03-31") }),
    row("tx_ben_expire", "ben", "expire", -200, "2025-03-31", { reference: "lot_ben_bonus" }),
    row("lot_cai_o7", "cai", "earn", 250, "2025-04-25", { order_id: "o7", status: "pending", available_at: at("2025-05-09") }),
    row("lot_fay_adjust", "fay", "adjust", 500, "2024-01-15", { remaining: 0, expires_at: at("2025-01-15") }),
    row("tx_fay_redeem", "fay", "redeem", -200, "2024-06-01", { order_id: "o_gone" }),
    row("tx_fay_expire", "fay", "expire", -300, "2025-01-15", { reference: "lot_fay_adjust" }),
    row("lot_fay_earn", "fay", "earn", 400, "2024-02-10"),
  ])
}
