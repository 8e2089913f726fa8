import type { MedusaContainer } from "@medusajs/framework/types"
import { afterHandled } from "./loyalty-events"
import {
  cancelOrder,
  completeCart,
  createCart,
  getOrder,
  returnItems,
  type CartInput,
  type StoreFixture,
} from "./store-fixture"

/**
 * What the real-flows specs do, each step through the store or admin HTTP API as a storefront
 * or a merchant does it (nothing here calls the plugin's service), waiting for the plugin's
 * subscribers where a step sends the event they handle.
 */

type Headers = { headers: Record<string, string> }
type Api = Parameters<typeof createCart>[0]

export type Flows = ReturnType<typeof realFlows>

export function realFlows(
  api: Api,
  getContainer: () => MedusaContainer,
  store: () => { admin: Headers; fixture: StoreFixture }
) {
  const admin = () => store().admin

  const flows = {
    /** An admin's credit (POST /admin/customers/:id/loyalty/adjustments), once per key. */
    async credit(customerId: string, points: number, key = `test:credit:${customerId}:${points}`) {
      const { data } = await api.post(
        `/admin/customers/${customerId}/loyalty/adjustments`,
        { points, reason: "Starting balance", idempotency_key: key },
        admin()
      )
      return data.transaction
    },

    /** POST /admin/loyalty/program with part of the settings. */
    setProgram: (settings: Record<string, unknown>) => api.post("/admin/loyalty/program", settings, admin()),

    /** The shopper's account as the admin sees it. */
    account: async (customerId: string) =>
      (await api.get(`/admin/customers/${customerId}/loyalty`, admin())).data.account,

    /** The shopper's ledger rows as the admin sees them (every column), oldest first. */
    async ledger(customerId: string, query = "") {
      const { data } = await api.get(`/admin/customers/${customerId}/loyalty/transactions?limit=100${query}`, admin())
      return [...data.transactions].reverse()
    },

    /** GET /admin/orders/:id/loyalty: earned, spent, reversed, restored and the rows. */
    orderPoints: async (orderId: string) => (await api.get(`/admin/orders/${orderId}/loyalty`, admin())).data,

    /** GET /store/carts/:id/loyalty-points. */
    cartPoints: async (headers: Headers, cartId: string) =>
      (await api.get(`/store/carts/${cartId}/loyalty-points`, headers)).data,

    /** POST /store/carts/:id/loyalty-points: the cart as it answers. */
    applyPoints: async (headers: Headers, cartId: string, points: number) =>
      (await api.post(`/store/carts/${cartId}/loyalty-points`, { points }, headers)).data.cart,

    /**
     * A shopper's checkout: the cart, the points on it (if any) before the payment, payment,
     * completion; returns once the plugin has handled order.placed, with the order as the admin reads it.
     */
    async checkout(headers: Headers, input: CartInput & { points?: number }) {
      const { fixture } = store()
      const cart = await createCart(api, fixture, headers, input)
      if (input.points) {
        await flows.applyPoints(headers, cart.id, input.points)
      }
      const placed = await afterHandled(getContainer(), ["order.placed"], () => completeCart(api, headers, cart.id))
      return { ...(await getOrder(api, admin(), placed.id)), cart_id: cart.id as string }
    },

    /** The admin cancels the order (POST /admin/orders/:id/cancel); returns once order.canceled is handled. */
    cancel: (orderId: string) =>
      afterHandled(getContainer(), ["order.canceled"], () => cancelOrder(api, admin(), orderId)),

    /**
     * The admin takes back one unit of each of `variants` and refunds what Medusa owes; returns once
     * order.return_received and payment.refunded are handled.
     */
    returnOf: (order: any, variants: ("shirt" | "mug")[]) =>
      afterHandled(getContainer(), ["order.return_received", "payment.refunded"], () =>
        returnItems(
          api,
          admin(),
          order.id,
          variants.map((variant) => ({ item_id: flows.itemOf(order, variant).id, quantity: 1 }))
        )
      ),

    itemOf: (order: any, variant: "shirt" | "mug") =>
      order.items.find((item: any) => item.variant_id === store().fixture.products[variant].variantId),

    /** The product a fixture variant belongs to, read through the admin API. */
    async productIdOf(variant: "shirt" | "mug") {
      const { data } = await api.get(`/admin/products?handle=${variant}&fields=id`, admin())
      return data.products[0].id as string
    },

    /** Refusals as `{ status, message }`. */
    async errorOf(request: Promise<unknown>) {
      const error: any = await request.then(
        () => ({}),
        (e) => e
      )
      if (!error.response) throw new Error("the request did not fail")
      return { status: error.response.status as number, message: error.response.data?.message as string }
    },
  }
  return flows
}
