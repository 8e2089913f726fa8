import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import type { createShopper } from "../helpers/auth"
import { expectLedgerInvariants } from "../helpers/invariants"
import { createLoyaltyStore } from "../helpers/loyalty-store"
import { afterHandled, deliver, loyaltyEventRecorder } from "../helpers/loyalty-events"
import { waitForQuiet } from "../helpers/quiet"
import { cancelOrder, createCart, placeOrder, returnItems, type CartInput, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(240_000)

const HOUR = 60 * 60 * 1000

/**
 * Program rules on real orders (eur: shirt 50, mug 20, 20 % tax on top; a
 * point is worth 0.01 eur, so 1 % of 1 eur is 1 point; earn_percent 5).
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("earning under the program's rules", () => {
      let admin: { headers: Record<string, string> }
      let fixture: StoreFixture
      let shopper: Awaited<ReturnType<typeof createShopper>>
      let loyalty: LoyaltyModuleService
      const recorder = loyaltyEventRecorder(getContainer)

      beforeEach(async () => {
        ;({ admin, fixture, shopper, loyalty } = await createLoyaltyStore(getContainer(), api))
        recorder.start()
      })

      afterEach(async () => {
        recorder.stop()
        await expectLedgerInvariants(getContainer())
      })

      const post = (path: string, body: unknown) => api.post(`/admin/loyalty/${path}`, body, admin)
      const place = (items: CartInput["items"]) =>
        afterHandled(getContainer(), ["order.placed"], () => placeOrder(api, fixture, shopper.headers, { currency: "eur", items }))
      const earnOf = async (orderId: string) => (await loyalty.listLoyaltyTransactions({ idempotency_key: `earn:${orderId}` }))[0]
      const account = async () => (await api.get("/store/loyalty/account", shopper.headers)).data.account
      const itemOf = (order: any, variant: "shirt" | "mug") =>
        order.items.find((item: any) => item.variant_id === fixture.products[variant].variantId)
      const returnOf = (order: any, variant: "shirt" | "mug", quantity = 1) =>
        afterHandled(getContainer(), ["order.return_received"], () =>
          returnItems(api, admin, order.id, [{ item_id: itemOf(order, variant).id, quantity }])
        )

      async function productIdOf(variant: "shirt" | "mug"): Promise<string> {
        const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
        const { data } = await query.graph({
          entity: "product_variant",
          fields: ["product_id"],
          filters: { id: fixture.products[variant].variantId },
        })
        return data[0].product_id as string
      }

      it("earns each line by its most specific rule, parent categories included, and keeps the breakdown", async () => {
        const products = getContainer().resolve(Modules.PRODUCT)
        const clothing = await products.createProductCategories({ name: "Clothing", is_active: true })
        const shirts = await products.createProductCategories({ name: "Shirts", parent_category_id: clothing.id, is_active: true })
        await products.updateProducts(await productIdOf("shirt"), { category_ids: [shirts.id] })
        const onClothing = (await post("rules", { target_type: "category", target_id: clothing.id, kind: "percent", percent: 10 })).data.rule
        const onMug = (
          await post("rules", { target_type: "product", target_id: await productIdOf("mug"), kind: "points_per_unit", points_per_unit: 25 })
        ).data.rule

        const order = await place([
          { variant: "shirt", quantity: 1 },
          { variant: "mug", quantity: 2 },
        ])
        // Shirt: 10 % of 50 = 5 eur = 500 points; mugs: 2 × 25 = 50 points.
        const earn = await earnOf(order.id)
        expect(earn.points).toBe(550)
        const lines = (earn.details as any).lines
        expect(lines).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ line_id: itemOf(order, "shirt").id, rule_id: onClothing.id, source: "category", points: 500 }),
            expect.objectContaining({ line_id: itemOf(order, "mug").id, rule_id: onMug.id, source: "product", points: 50 }),
          ])
        )
      })

      it("gives a customer group its rate and lets a product exclusion win over it", async () => {
        const customers = getContainer().resolve(Modules.CUSTOMER)
        const vip = await customers.createCustomerGroups({ name: "VIP" })
        await customers.addCustomerToGroup({ customer_id: shopper.customer.id, customer_group_id: vip.id })
        await post("rules", { target_type: "customer_group", target_id: vip.id, kind: "percent", percent: 10 })
        await post("rules", { target_type: "product", target_id: await productIdOf("mug"), kind: "exclude" })

        const order = await place([
          { variant: "shirt", quantity: 1 },
          { variant: "mug", quantity: 1 },
        ])
        // Shirt: the group's 10 % of 50 = 500 points; the mug earns nothing.
        expect((await earnOf(order.id)).points).toBe(500)
      })

      it("moves the shopper up a tier, multiplies the next order, and recomputes its return with the tier it was placed in", async () => {
        const silver = (await post("tiers", { name: "Silver", min_points: 400, multiplier: 1.5 })).data.tier
        await post("tiers", { name: "Gold", min_points: 2000, multiplier: 2 })
        expect(await account()).toMatchObject({ tier: null, next_tier: { id: silver.id }, points_to_next_tier: 400, tier_points: 0 })

        // 5 % of 90 = 450 points: Silver.
        await place([
          { variant: "shirt", quantity: 1 },
          { variant: "mug", quantity: 2 },
        ])
        expect(await account()).toMatchObject({ tier: { name: "Silver", multiplier: 1.5 }, next_tier: { name: "Gold" }, points_to_next_tier: 1550, tier_points: 450 })
        await waitForQuiet(getContainer())
        expect(recorder.events.filter((e) => e.name === "loyalty.tier_changed")).toEqual([
          expect.objectContaining({ data: expect.objectContaining({ customer_id: shopper.customer.id, tier: expect.objectContaining({ name: "Silver" }), from_tier: null }) }),
        ])

        // Silver: 5 % of 70 = 350 × 1.5 = 525.
        const second = await place([
          { variant: "shirt", quantity: 1 },
          { variant: "mug", quantity: 1 },
        ])
        expect((await earnOf(second.id)).points).toBe(525)

        // A richer tier later does not change what the order keeps after a return: 5 % of 50 × 1.5 = 375.
        await post(`tiers/${silver.id}`, { multiplier: 3 })
        await returnOf(second, "mug")
        const earn = await earnOf(second.id)
        const reversed = (await loyalty.listLoyaltyTransactions({ reference: earn.id, type: "reversal" }))[0]
        expect(reversed.points).toBe(-150)
        expect(await account()).toMatchObject({ tier_points: 450 + 375 })
      })

      it("runs campaigns only in their window and for their groups, and combines those that overlap", async () => {
        const customers = getContainer().resolve(Modules.CUSTOMER)
        const other = await customers.createCustomerGroups({ name: "Wholesale" })
        const now = Date.now()
        await post("campaigns", { name: "Double points", starts_at: new Date(now - HOUR), ends_at: new Date(now + HOUR), kind: "multiplier", multiplier: 2 })
        await post("campaigns", { name: "Members +5 %", starts_at: new Date(now - HOUR), kind: "extra_percent", extra_percent: 5 })
        await post("campaigns", { name: "Over", starts_at: new Date(now - 2 * HOUR), ends_at: new Date(now - HOUR), kind: "multiplier", multiplier: 10 })
        await post("campaigns", { name: "Wholesale only", starts_at: new Date(now - HOUR), kind: "multiplier", multiplier: 10, customer_group_ids: [other.id] })

        const order = await place([{ variant: "shirt", quantity: 1 }])
        // (5 % + 5 %) of 50 = 500 points, doubled: 1000.
        const earn = await earnOf(order.id)
        expect(earn.points).toBe(1000)
        expect((earn.details as any).campaign_ids).toHaveLength(2)

        const { data } = await api.get("/store/loyalty/program", { headers: { "x-publishable-api-key": fixture.publishableKey } })
        expect(data.program.campaigns.map((c: any) => c.name).sort()).toEqual(["Double points", "Members +5 %"])
      })

      it("caps an order's points at max_points_per_order and an account at max_balance", async () => {
        await post("program", { max_points_per_order: 300 })
        const first = await place([
          { variant: "shirt", quantity: 1 },
          { variant: "mug", quantity: 2 },
        ])
        expect(await earnOf(first.id)).toMatchObject({ points: 300, details: expect.objectContaining({ uncapped_points: 450, capped_by: "max_points_per_order" }) })

        await post("program", { max_points_per_order: null, max_balance: 500 })
        const second = await place([{ variant: "shirt", quantity: 1 }])
        expect(await earnOf(second.id)).toMatchObject({ points: 200, details: expect.objectContaining({ capped_by: "max_balance" }) })
        expect(await account()).toMatchObject({ pending: 500 })
      })

      it("credits the order bonus once per order however often order.placed arrives, and takes it back on cancel", async () => {
        await post("program", { order_bonus: { points: 100, expiry_days: 30 } })
        const order = await place([{ variant: "mug", quantity: 1 }])
        await deliver(getContainer(), "order.placed", { id: order.id }, 3, "concurrent")
        await waitForQuiet(getContainer())
        const bonuses = await loyalty.listLoyaltyTransactions({ order_id: order.id, type: "bonus" })
        expect(bonuses).toHaveLength(1)
        expect(bonuses[0]).toMatchObject({ points: 100, status: "pending", idempotency_key: `order-bonus:${order.id}` })
        const days = (new Date(bonuses[0].expires_at!).getTime() - new Date(bonuses[0].available_at!).getTime()) / (24 * HOUR)
        expect(days).toBe(30)

        await afterHandled(getContainer(), ["order.canceled"], () => cancelOrder(api, admin, order.id))
        expect(await account()).toMatchObject({ pending: 0, balance: 0 })
      })

      it("awards an achievement once when the spend reaches it, and takes it back when a return drops the spend below", async () => {
        // Spend counts items after discounts with tax: shirt 60, mug 24.
        await post("program", { achievements: [{ currency_code: "eur", spend: 80, points: 700 }] })
        await place([{ variant: "mug", quantity: 1 }])
        expect((await loyalty.listLoyaltyTransactions({ type: "bonus" })).length).toBe(0)

        // 24 + 60 = 84: past 80.
        const second = await place([{ variant: "shirt", quantity: 1 }])
        await deliver(getContainer(), "order.placed", { id: second.id }, 2, "concurrent")
        await waitForQuiet(getContainer())
        const [award] = await loyalty.listLoyaltyTransactions({ type: "bonus" })
        expect(award).toMatchObject({ points: 700, reference: "achievement:eur:80" })
        expect((await loyalty.listLoyaltyTransactions({ type: "bonus" })).length).toBe(1)

        // Back to 24 spent: the award goes.
        await returnOf(second, "shirt")
        const reversal = await loyalty.listLoyaltyTransactions({ reference: award.id, type: "reversal" })
        expect(reversal.map((r) => r.points)).toEqual([-700])
      })

      it("lets points pay only for lines no rule excludes from redemption, and shows what the cart would earn under the rules", async () => {
        await loyalty.adjust({ customer_id: shopper.customer.id, points: 5000, reason: "Seed", idempotency_key: "seed:redeem" })
        await post("rules", {
          target_type: "product",
          target_id: await productIdOf("shirt"),
          kind: "exclude",
          exclude_earning: false,
          exclude_redemption: true,
        })
        await post("rules", { target_type: "product", target_id: await productIdOf("mug"), kind: "points_per_unit", points_per_unit: 40 })
        const cart = await createCart(api, fixture, shopper.headers, {
          currency: "eur",
          items: [
            { variant: "shirt", quantity: 1 },
            { variant: "mug", quantity: 1 },
          ],
        })
        const { data } = await api.get(`/store/carts/${cart.id}/loyalty-points`, shopper.headers)
        // 30 % of the mug's 24 eur with tax = 7.20 eur = 720 points (the shirt's 60 do not count).
        // Earning: the shirt still earns 5 % of 50 = 250, the mug 40 per unit.
        expect(data).toMatchObject({ max_redeemable_points: 720, earnable_points: 290 })
        const refused = await api.post(`/store/carts/${cart.id}/loyalty-points`, { points: 721 }, shopper.headers).catch((e: any) => e.response)
        expect(refused.status).toBe(400)
        const { data: applied } = await api.post(`/store/carts/${cart.id}/loyalty-points`, { points: 720 }, shopper.headers)
        // The discount sits on the mug alone: no share of it on the excluded shirt.
        const lineOf = (variant: "shirt" | "mug") =>
          applied.cart.items.find((item: any) => item.variant_id === fixture.products[variant].variantId)
        const [{ id: promotionId }] = applied.cart.promotions
        const ours = (item: any) => (item.adjustments ?? []).filter((adj: any) => adj.promotion_id === promotionId)
        expect(ours(lineOf("shirt"))).toEqual([])
        expect(ours(lineOf("mug")).reduce((sum: number, adj: any) => sum + Number(adj.amount), 0)).toBeCloseTo(7.2, 6)
        expect(applied.cart.total).toBeCloseTo(96 - 7.2, 6)

        // A second excluded line added later is left out too, once the cart has been reconciled.
        await afterHandled(getContainer(), ["cart.updated"], () =>
          api.post(`/store/carts/${cart.id}/line-items`, { variant_id: fixture.products.shirt.variantId, quantity: 1, metadata: { gift_wrap: true } }, shopper.headers)
        )
        const { data: after } = await api.get(`/store/carts/${cart.id}?fields=*items,*items.adjustments`, shopper.headers)
        const shirts = after.cart.items.filter((item: any) => item.variant_id === fixture.products.shirt.variantId)
        expect(shirts).toHaveLength(2)
        expect(shirts.flatMap(ours)).toEqual([])
        expect(after.cart.items.flatMap(ours).reduce((sum: number, adj: any) => sum + Number(adj.amount), 0)).toBeCloseTo(7.2, 6)
      })

      it("stops earning and redeeming when the program is off, and keeps balances", async () => {
        await loyalty.adjust({ customer_id: shopper.customer.id, points: 1000, reason: "Seed", idempotency_key: "seed:off" })
        await post("program", { enabled: false, order_bonus: { points: 100 } })
        const order = await place([{ variant: "shirt", quantity: 1 }])
        expect(await earnOf(order.id)).toBeUndefined()
        expect(await loyalty.listLoyaltyTransactions({ order_id: order.id })).toEqual([])
        expect(await account()).toMatchObject({ balance: 1000 })
        const cart = await createCart(api, fixture, shopper.headers, { currency: "eur", items: [{ variant: "shirt", quantity: 1 }] })
        const refused = await api.post(`/store/carts/${cart.id}/loyalty-points`, { points: 100 }, shopper.headers).catch((e: any) => e.response)
        expect(refused.status).toBe(400)
      })
    })
  },
})
