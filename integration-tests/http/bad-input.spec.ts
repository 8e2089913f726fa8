import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { createAdmin, createPublishableKey, createShopper } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"

jest.setTimeout(120_000)

type Method = "get" | "post" | "delete"

/**
 * Issue 15, point 8: bad input never reaches the database. Each refusal is Medusa's
 * `{ type: "invalid_data", message }` with 400, the message names the field, and everything the
 * plugin keeps reads the same afterwards.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("bad input", () => {
      let admin: { headers: Record<string, string> }
      let shopper: Awaited<ReturnType<typeof createShopper>>
      let loyalty: LoyaltyModuleService
      let ids: { tier: string; campaign: string; rule: string; group: string }

      beforeEach(async () => {
        const container = getContainer()
        admin = { headers: (await createAdmin(container)).headers }
        shopper = await createShopper(container, await createPublishableKey(container))
        loyalty = container.resolve(LOYALTY_MODULE)
        await loyalty.credit({
          customer_id: shopper.customer.id,
          type: "adjust",
          status: "available",
          points: 500,
          idempotency_key: "seed:shopper",
        })
        const group = await container.resolve(Modules.CUSTOMER).createCustomerGroups({ name: "VIP" })
        await api.post("/admin/loyalty/program", { point_values: { eur: 0.01 } }, admin)
        const tier = (await api.post("/admin/loyalty/tiers", { name: "Gold", min_points: 1000, multiplier: 2 }, admin)).data.tier
        const campaign = (
          await api.post(
            "/admin/loyalty/campaigns",
            { name: "Double days", starts_at: "2026-12-01T00:00:00Z", kind: "multiplier", multiplier: 2 },
            admin
          )
        ).data.campaign
        const rule = (
          await api.post("/admin/loyalty/rules", { target_type: "customer_group", target_id: group.id, kind: "percent", percent: 10 }, admin)
        ).data.rule
        ids = { tier: tier.id, campaign: campaign.id, rule: rule.id, group: group.id }
      })

      afterEach(async () => {
        await expectLedgerInvariants(getContainer())
      })

      /** Everything the plugin keeps, as it reads now. */
      const snapshot = async () => ({
        program: (await api.get("/admin/loyalty/program", admin)).data.program,
        tiers: (await api.get("/admin/loyalty/tiers", admin)).data.tiers,
        campaigns: (await api.get("/admin/loyalty/campaigns", admin)).data.campaigns,
        rules: (await api.get("/admin/loyalty/rules", admin)).data.rules,
        accounts: await loyalty.listLoyaltyAccounts({}, { order: { id: "ASC" } }),
        transactions: await loyalty.listLoyaltyTransactions({}, { order: { id: "ASC" } }),
        reservations: await loyalty.listLoyaltyReservations({}),
      })

      /** A request sent as is: the path is not re-encoded and a string body is the raw JSON. */
      const send = async (method: Method, path: string, body?: unknown, headers = admin.headers) => {
        const config = { headers: { ...headers, "content-type": "application/json" } }
        const request = method === "post" ? api.post(path, body ?? {}, config) : api[method](path, config)
        const error: any = await request.catch((e: any) => e)
        return error.response ?? { status: error.status ?? 200, data: error.data }
      }

      /** Sends each request and expects a 400 whose message matches, and nothing changed. */
      const expectRefused = async (requests: [Method, string, unknown?, Record<string, string>?][], message: RegExp[]) => {
        const before = await snapshot()
        for (const [i, [method, path, body, headers]] of requests.entries()) {
          const response = await send(method, path, body, headers)
          expect({ request: `${method.toUpperCase()} ${path}`, status: response.status, type: response.data?.type }).toEqual({
            request: `${method.toUpperCase()} ${path}`,
            status: 400,
            type: "invalid_data",
          })
          expect(response.data.message).toMatch(message[i])
        }
        expect(await snapshot()).toEqual(before)
      }

      describe("keys that would reach Object.prototype", () => {
        it("refuses __proto__, constructor or prototype as a point_values currency and keeps the values it had", async () => {
          await expectRefused(
            [
              ["post", "/admin/loyalty/program", '{"point_values":{"__proto__":1}}'],
              ["post", "/admin/loyalty/program", '{"point_values":{"eur":2,"__proto__":{"usd":1}}}'],
              ["post", "/admin/loyalty/program", '{"point_values":{"eur":2,"constructor":1}}'],
              ["post", "/admin/loyalty/program", '{"point_values":{"prototype":1}}'],
            ],
            [/point_values\.__proto__/, /point_values\.__proto__/, /point_values\.constructor/, /point_values\.prototype/]
          )
          expect((await api.get("/admin/loyalty/program", admin)).data.program.point_values).toEqual({ eur: 0.01 })
        })

        it("refuses such a key in every other object a route takes", async () => {
          await expectRefused(
            [
              ["post", "/admin/loyalty/program", '{"welcome_bonus":{"points":10,"__proto__":{"points":1}}}'],
              ["post", "/admin/loyalty/program", '{"achievements":[{"currency_code":"eur","spend":10,"points":5,"constructor":1}]}'],
              ["post", "/admin/loyalty/tiers", '{"name":"Silver","min_points":10,"multiplier":1,"__proto__":{"x":1}}'],
              ["post", `/admin/loyalty/tiers/${ids.tier}`, '{"prototype":{"name":"Platinum"}}'],
              ["post", `/admin/customers/${shopper.customer.id}/loyalty/adjustments`, '{"points":5,"reason":"gift","__proto__":{}}'],
              [
                "post",
                "/admin/loyalty/bulk-adjustments",
                `{"entries":[{"customer_id":"${shopper.customer.id}","points":5,"__proto__":{}}],"reason":"gift","idempotency_key":"k1"}`,
              ],
            ],
            [/welcome_bonus\.__proto__/, /achievements\[0\]\.constructor/, /__proto__/, /prototype/, /__proto__/, /entries\[0\]\.__proto__/]
          )
        })
      })

      describe("currency codes", () => {
        it("refuses a point_values currency Medusa does not know, naming it, and keeps the values it had", async () => {
          await expectRefused(
            [
              ["post", "/admin/loyalty/program", { point_values: { eur: 2, xyz: 1 } }],
              ["post", "/admin/loyalty/program", { point_values: { eur: 2, EUR: 1 } }],
            ],
            [/point_values: "xyz"/, /point_values: "EUR"/]
          )
          const { program } = (await api.post("/admin/loyalty/program", { point_values: { eur: 0.02, jpy: 1 } }, admin)).data
          expect(program.point_values).toEqual({ eur: 0.02, jpy: 1 })
        })
      })

      describe("NUL characters", () => {
        const nul = "\u0000"

        it("refuses a NUL in a program setting, naming the field", async () => {
          await expectRefused(
            [
              ["post", "/admin/loyalty/program", { time_zone: `Europe/Berlin${nul}` }],
              ["post", "/admin/loyalty/program", { achievements: [{ currency_code: `e${nul}r`, spend: 10, points: 5 }] }],
              ["post", "/admin/loyalty/program", { point_values: { [`eur${nul}`]: 1 } }],
            ],
            [/time_zone: must not contain a NUL/, /achievements\[0\]\.currency_code: must not contain a NUL/, /point_values/]
          )
        })

        it("refuses a NUL in a tier, campaign or rule, new or changed, naming the field", async () => {
          await expectRefused(
            [
              ["post", "/admin/loyalty/tiers", { name: `Silver${nul}`, min_points: 10, multiplier: 1 }],
              ["post", `/admin/loyalty/tiers/${ids.tier}`, { name: `Gold${nul}` }],
              ["post", "/admin/loyalty/campaigns", { name: `Sale${nul}`, starts_at: "2026-12-01", kind: "multiplier", multiplier: 2 }],
              ["post", `/admin/loyalty/campaigns/${ids.campaign}`, { customer_group_ids: [ids.group, `cusgroup_${nul}`] }],
              ["post", "/admin/loyalty/rules", { target_type: "product", target_id: `prod_${nul}`, kind: "exclude" }],
              ["post", `/admin/loyalty/rules/${ids.rule}`, { target_id: `${ids.group}${nul}` }],
              ["post", `/admin/loyalty/rules/${ids.rule}`, { name: nul }],
            ],
            [
              /name: must not contain a NUL/,
              /name: must not contain a NUL/,
              /name: must not contain a NUL/,
              /customer_group_ids\[1\]: must not contain a NUL/,
              /target_id: must not contain a NUL/,
              /target_id: must not contain a NUL/,
              /name: must not contain a NUL/,
            ]
          )
        })

        it("refuses a NUL in an adjustment or a bulk adjustment and credits nobody", async () => {
          const customer = shopper.customer.id
          const bulk = { points: 5, reason: "gift", idempotency_key: "bulk-1" }
          await expectRefused(
            [
              ["post", `/admin/customers/${customer}/loyalty/adjustments`, { points: 5, reason: `gift${nul}` }],
              ["post", `/admin/customers/${customer}/loyalty/adjustments`, { points: 5, reason: "gift", idempotency_key: `k${nul}` }],
              ["post", "/admin/loyalty/bulk-adjustments", { ...bulk, customer_ids: [customer, `cus_${nul}`] }],
              ["post", "/admin/loyalty/bulk-adjustments", { ...bulk, customer_ids: [customer], reason: `gift${nul}` }],
              ["post", "/admin/loyalty/bulk-adjustments", { ...bulk, customer_ids: [customer], idempotency_key: `k${nul}` }],
              ["post", "/admin/loyalty/bulk-adjustments", { ...bulk, customer_group_id: `${ids.group}${nul}` }],
              [
                "post",
                "/admin/loyalty/bulk-adjustments",
                { reason: "gift", idempotency_key: "bulk-2", entries: [{ customer_id: customer, points: 5 }, { email: `a${nul}@shop.test`, points: 5 }] },
              ],
            ],
            [
              /reason: must not contain a NUL/,
              /idempotency_key: must not contain a NUL/,
              /customer_ids\[1\]: must not contain a NUL/,
              /reason: must not contain a NUL/,
              /idempotency_key: must not contain a NUL/,
              /customer_group_id: must not contain a NUL/,
              /entries\[1\]\.email: must not contain a NUL/,
            ]
          )
        })

        it("refuses a NUL in a list filter, admin or store, naming the parameter", async () => {
          await expectRefused(
            [
              ["get", "/admin/loyalty/accounts?q=ada%00"],
              ["get", "/admin/loyalty/accounts?tier_id=%00"],
              ["get", `/admin/customers/${shopper.customer.id}/loyalty/transactions?order_id=order_%00`],
              ["get", "/store/loyalty/account/transactions?order_id=%00", undefined, shopper.headers.headers],
              ["post", "/store/loyalty/account", { birthday: `1990-05-01${nul}` }, shopper.headers.headers],
            ],
            [
              /q: must not contain a NUL/,
              /tier_id: must not contain a NUL/,
              /order_id: must not contain a NUL/,
              /order_id: must not contain a NUL/,
              /birthday: must not contain a NUL/,
            ]
          )
        })

        it("refuses a NUL in a path id on every route that takes one", async () => {
          const customer = shopper.customer.id
          const store = shopper.headers.headers
          await expectRefused(
            [
              ["get", "/admin/loyalty/tiers/%00"],
              ["post", `/admin/loyalty/campaigns/${ids.campaign}%00`, { name: "Renamed" }],
              ["delete", `/admin/loyalty/rules/${ids.rule}%00`],
              ["get", "/admin/customers/%00/loyalty"],
              ["post", `/admin/customers/${customer}%00/loyalty/adjustments`, { points: 5, reason: "gift" }],
              ["get", "/admin/orders/order_%00/loyalty"],
              ["post", "/store/carts/cart_%00/loyalty-points", { points: 5 }, store],
            ],
            Array(7).fill(/id: must not contain a NUL/)
          )
        })
      })

      describe("malformed percent-encoding in a path id", () => {
        it("answers 400 naming the id on every route that takes one, and changes nothing", async () => {
          const store = shopper.headers.headers
          await expectRefused(
            [
              ["get", "/admin/loyalty/tiers/%E0%A4%A"],
              ["post", "/admin/loyalty/tiers/%ZZ", { name: "Renamed" }],
              ["delete", "/admin/loyalty/campaigns/%E0"],
              ["post", "/admin/loyalty/rules/%", { percent: 20 }],
              ["get", "/admin/customers/%ZZ/loyalty"],
              ["get", "/admin/customers/%ZZ/loyalty/transactions"],
              ["post", "/admin/customers/%ZZ/loyalty/adjustments", { points: 5, reason: "gift" }],
              ["get", "/admin/orders/%C0%AF/loyalty"],
              ["get", "/store/carts/%/loyalty-points", undefined, store],
              ["post", "/store/carts/%/loyalty-points", { points: 5 }, store],
              ["delete", "/store/carts/%E0%A4%A/loyalty-points", undefined, store],
            ],
            [
              /id: "%E0%A4%A" is not valid percent-encoding/,
              /id: "%ZZ" is not valid percent-encoding/,
              /id: "%E0" is not valid percent-encoding/,
              /id: "%" is not valid percent-encoding/,
              ...Array(3).fill(/id: "%ZZ" is not valid percent-encoding/),
              /id: "%C0%AF" is not valid percent-encoding/,
              /id: "%" is not valid percent-encoding/,
              /id: "%" is not valid percent-encoding/,
              /id: "%E0%A4%A" is not valid percent-encoding/,
            ]
          )
        })
      })
    })
  },
})
