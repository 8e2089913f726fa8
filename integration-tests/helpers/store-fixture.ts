import type { MedusaContainer } from "@medusajs/framework/types"
import { storeHeaders } from "./auth"

/**
 * A small store, and real order flows driven through Medusa's store and admin HTTP routes, so
 * that tests can follow an order's points through its whole life.
 *
 * EVENTS these helpers make Medusa 2.21.1 emit (workflows in @medusajs/core-flows; checked by
 * integration-tests/http/order-flows.spec.ts). Payloads are what a subscriber gets as `event.data`.
 * - completeCart → completeCartWorkflow: `order.placed` { id: order id }. The payment is only
 *   authorized (pp_system_default), nothing is captured.
 * - cancelOrder → cancelOrderWorkflow: `order.canceled` { id }. If the payment was captured the
 *   workflow refunds it in full (refundCapturedPaymentsWorkflow) WITHOUT `payment.refunded`, and
 *   adds a refund credit line, so the canceled order's `total` becomes 0.
 * - capturePayment → capturePaymentWorkflow: `payment.captured` { id: payment id }.
 * - fulfillOrder → createOrderFulfillmentWorkflow: `order.fulfillment_created`
 *   { order_id, fulfillment_id, no_notification }.
 * - returnItems → confirmReturnRequestWorkflow: `order.return_requested` { order_id, return_id };
 *   confirmReturnReceiveWorkflow: `order.return_received` { order_id, return_id } (no refund
 *   happens by itself; the order then owes money: summary.pending_difference < 0); then
 *   refundPaymentWorkflow: `payment.refunded` { id: payment id } for the returned items' money.
 * - refundPayment → refundPaymentWorkflow: `payment.refunded` { id: payment id } — neither order
 *   nor amount in the payload: read payment.refunds and payment_collection.order.
 * The model events (`order.order-item.created`, …) and `reservation-item.*`,
 * `inventory-level.updated` also go out; none of them matters to loyalty.
 */

type Headers = { headers: Record<string, string> }
type Api = {
  get(url: string, config?: Headers): Promise<{ data: any }>
  post(url: string, body?: unknown, config?: Headers): Promise<{ data: any }>
}

export type Currency = "eur" | "usd"
export type ProductKey = "shirt" | "mug"
export type CartInput = {
  currency: Currency
  items: { variant: ProductKey; quantity: number }[]
  promoCodes?: string[]
}

export type StoreFixture = {
  publishableKey: string
  salesChannelId: string
  stockLocationId: string
  regions: Record<Currency, { id: string }>
  products: Record<ProductKey, { variantId: string }>
  shippingOptions: Record<Currency, string>
  /** The admin session the fixture was built with; placeOrder reads orders back with it. */
  admin: Headers
}

const REGIONS = {
  eur: { name: "Europe", country: "de", taxRate: 20, taxInclusive: false },
  usd: { name: "US", country: "us", taxRate: 10, taxInclusive: true },
} as const

const PRODUCTS = { shirt: { title: "Shirt", price: 50 }, mug: { title: "Mug", price: 20 } } as const

const SHIPPING_PRICE = 10

const ADDRESSES: Record<Currency, Record<string, string>> = {
  eur: { first_name: "Sam", last_name: "Shopper", address_1: "Hauptstraße 1", city: "Berlin", postal_code: "10115", country_code: "de" },
  usd: { first_name: "Sam", last_name: "Shopper", address_1: "1 Main St", city: "Springfield", postal_code: "62701", country_code: "us" },
}

/**
 * Totals added to what GET /admin/orders/:id returns by default, so tests see every total.
 *
 * ELIGIBLE AMOUNT (what the order's items cost after discounts; measured in order-flows.spec.ts):
 * - Excluding tax, both tax modes: `item_total − item_tax_total`.
 *   eur (tax on top, 20 %): Shirt 50 + Mug 20, 10 % off → item_total 75.6, item_tax_total 12.6 → 63.
 *   usd (tax included, 10 %): same cart → item_total 63, item_tax_total 5.7272… → 57.2727…
 *   Equivalently `item_subtotal − discount_subtotal` while shipping is not discounted
 *   (`discount_subtotal` counts shipping discounts too, so prefer the first formula).
 * - Including tax: `item_total`.
 * - `item_subtotal` is always before discounts and excluding tax: in the tax-inclusive region
 *   Medusa divides by 1 + rate and does not round (50 + 20 usd → 63.6363…). `item_discount_total`
 *   and `discount_total` INCLUDE the discount's tax (8.4 for 7 + 20 %); `discount_subtotal` excludes it.
 * - Shipping: `shipping_subtotal` excl. tax, `shipping_total` incl. tax (10 eur → 12; 10 usd → 10).
 * - After a received return, item_* and `total` count only the items kept (returned quantities are
 *   in items[].detail.return_received_quantity). A refund without a return leaves item_* alone:
 *   Medusa adds an order credit line instead (`credit_line_total`), which lowers `total`.
 *   Money paid and refunded: `summary.paid_total`, `summary.refunded_total`.
 */
const ORDER_FIELDS = [
  "+discount_subtotal",
  "+item_discount_total",
  "+shipping_discount_total",
  "+currency_code",
  "+customer_id",
  "+email",
  "+fulfillments.id",
  "+fulfillments.location_id",
].join(",")

// ----------------------------------------------------------------------------------------------
// The store

/**
 * Everything a storefront needs to sell two products in two regions, built through the admin
 * API as a merchant would (the container is taken for symmetry with helpers/auth.ts only).
 */
export async function createStoreFixture(
  _container: MedusaContainer,
  api: Api,
  admin: Headers
): Promise<StoreFixture> {
  const { data: stores } = await api.get("/admin/stores", admin)
  // The currency preference decides tax inclusiveness of currency-only prices (products and
  // shipping options here); the region preference counts only for prices with a region rule.
  await api.post(
    `/admin/stores/${stores.stores[0].id}`,
    {
      supported_currencies: [
        { currency_code: "eur", is_default: true, is_tax_inclusive: false },
        { currency_code: "usd", is_tax_inclusive: true },
      ],
    },
    admin
  )

  const { data: sc } = await api.post("/admin/sales-channels", { name: "Loyalty test shop" }, admin)
  const salesChannelId: string = sc.sales_channel.id

  const { data: key } = await api.post(
    "/admin/api-keys",
    { title: "Loyalty test storefront", type: "publishable" },
    admin
  )
  await api.post(`/admin/api-keys/${key.api_key.id}/sales-channels`, { add: [salesChannelId] }, admin)

  const { data: loc } = await api.post(
    "/admin/stock-locations",
    { name: "Warehouse", address: { address_1: "Lagerweg 1", city: "Berlin", country_code: "de" } },
    admin
  )
  const stockLocationId: string = loc.stock_location.id
  await api.post(`/admin/stock-locations/${stockLocationId}/sales-channels`, { add: [salesChannelId] }, admin)
  await api.post(`/admin/stock-locations/${stockLocationId}/fulfillment-providers`, { add: ["manual_manual"] }, admin)
  const { data: withSet } = await api.post(
    `/admin/stock-locations/${stockLocationId}/fulfillment-sets?fields=*fulfillment_sets`,
    { name: "Warehouse shipping", type: "shipping" },
    admin
  )
  const fulfillmentSetId: string = withSet.stock_location.fulfillment_sets[0].id

  const { data: profile } = await api.post(
    "/admin/shipping-profiles",
    { name: "Loyalty test goods", type: "default" },
    admin
  )
  const shippingProfileId: string = profile.shipping_profile.id

  const regions = {} as StoreFixture["regions"]
  const shippingOptions = {} as StoreFixture["shippingOptions"]
  for (const currency of ["eur", "usd"] as const) {
    const { name, country, taxRate, taxInclusive } = REGIONS[currency]
    const { data: region } = await api.post(
      "/admin/regions",
      {
        name,
        currency_code: currency,
        countries: [country],
        automatic_taxes: true,
        is_tax_inclusive: taxInclusive,
        payment_providers: ["pp_system_default"],
      },
      admin
    )
    regions[currency] = { id: region.region.id }

    await api.post(
      "/admin/tax-regions",
      {
        country_code: country,
        provider_id: "tp_system",
        default_tax_rate: { rate: taxRate, code: `tax-${country}`, name: `Tax ${country.toUpperCase()}` },
      },
      admin
    )

    const { data: zone } = await api.post(
      `/admin/fulfillment-sets/${fulfillmentSetId}/service-zones?fields=*service_zones`,
      { name, geo_zones: [{ type: "country", country_code: country }] },
      admin
    )
    const zoneId: string = zone.fulfillment_set.service_zones.find((z: any) => z.name === name).id
    const { data: option } = await api.post(
      "/admin/shipping-options",
      {
        name: "Standard",
        service_zone_id: zoneId,
        shipping_profile_id: shippingProfileId,
        provider_id: "manual_manual",
        price_type: "flat",
        type: { label: "Standard", description: "2–4 days", code: "standard" },
        prices: [{ currency_code: currency, amount: SHIPPING_PRICE }],
        rules: [
          { attribute: "enabled_in_store", operator: "eq", value: "true" },
          { attribute: "is_return", operator: "eq", value: "false" },
        ],
      },
      admin
    )
    shippingOptions[currency] = option.shipping_option.id
  }

  const products = {} as StoreFixture["products"]
  for (const [handle, { title, price }] of Object.entries(PRODUCTS) as [ProductKey, (typeof PRODUCTS)[ProductKey]][]) {
    const { data } = await api.post(
      "/admin/products?fields=id,variants.id,variants.inventory_items.inventory_item_id",
      {
        title,
        handle,
        status: "published",
        shipping_profile_id: shippingProfileId,
        sales_channels: [{ id: salesChannelId }],
        options: [{ title: "Size", values: ["One size"] }],
        variants: [
          {
            title: "One size",
            sku: handle.toUpperCase(),
            manage_inventory: true,
            options: { Size: "One size" },
            prices: [
              { currency_code: "eur", amount: price },
              { currency_code: "usd", amount: price },
            ],
          },
        ],
      },
      admin
    )
    const [variant] = data.product.variants
    await api.post(
      `/admin/inventory-items/${variant.inventory_items[0].inventory_item_id}/location-levels`,
      { location_id: stockLocationId, stocked_quantity: 1000 },
      admin
    )
    products[handle] = { variantId: variant.id }
  }

  return {
    publishableKey: key.api_key.token,
    salesChannelId,
    stockLocationId,
    regions,
    products,
    shippingOptions,
    admin,
  }
}

/** One shirt (50) and one mug (20): eur adds 20 % tax to them, usd prices include 10 %. */
export const SHIRT_AND_MUG = [
  { variant: "shirt" as const, quantity: 1 },
  { variant: "mug" as const, quantity: 1 },
]

// ----------------------------------------------------------------------------------------------
// Checkout

/**
 * A cart ready for payment: items, shipping address in the region's country, promotions and
 * the "Standard" shipping method. `headers` are a shopper's (the cart becomes theirs) or only
 * the publishable key with `email` for a guest. Returns the store cart with its totals.
 */
export async function createCart(
  api: Api,
  fixture: StoreFixture,
  headers: Headers,
  { currency, items, promoCodes, email }: CartInput & { email?: string }
) {
  const { data } = await api.post(
    "/store/carts",
    { region_id: fixture.regions[currency].id, ...(email ? { email } : {}) },
    headers
  )
  const cartId: string = data.cart.id
  for (const { variant, quantity } of items) {
    await api.post(
      `/store/carts/${cartId}/line-items`,
      { variant_id: fixture.products[variant].variantId, quantity },
      headers
    )
  }
  const address = ADDRESSES[currency]
  await api.post(`/store/carts/${cartId}`, { shipping_address: address, billing_address: address }, headers)
  if (promoCodes?.length) {
    await api.post(`/store/carts/${cartId}/promotions`, { promo_codes: promoCodes }, headers)
  }
  const { data: withShipping } = await api.post(
    `/store/carts/${cartId}/shipping-methods`,
    { option_id: fixture.shippingOptions[currency] },
    headers
  )
  return withShipping.cart
}

/**
 * Pays and completes a cart: the payment collection is made here, after anything a test did
 * to the cart (e.g. applying points), so its amount is the final cart total. Returns the order
 * as the store route answers (`type: "order"`), or throws with Medusa's error.
 */
export async function completeCart(api: Api, headers: Headers, cartId: string) {
  await payCart(api, headers, cartId)
  return completePaidCart(api, headers, cartId)
}

/**
 * The payment half of completeCart. Medusa races when one customer's first two payment
 * sessions are made at once (two account holders), so concurrent tests pay one by one.
 */
export async function payCart(api: Api, headers: Headers, cartId: string) {
  const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, headers)
  await api.post(
    `/store/payment-collections/${pc.payment_collection.id}/payment-sessions`,
    { provider_id: "pp_system_default" },
    headers
  )
}

/** The completing half of completeCart, for a cart payCart has paid. */
export async function completePaidCart(api: Api, headers: Headers, cartId: string) {
  const { data } = await api.post(`/store/carts/${cartId}/complete`, {}, headers)
  if (data.type !== "order") {
    throw new Error(`Cart ${cartId} was not completed: ${data.error?.message ?? JSON.stringify(data)}`)
  }
  return data.order
}

/** A logged-in shopper's order (shopperHeaders as createShopper returns them), read as an admin. */
export async function placeOrder(api: Api, fixture: StoreFixture, shopperHeaders: Headers, input: CartInput) {
  const cart = await createCart(api, fixture, shopperHeaders, input)
  const placed = await completeCart(api, shopperHeaders, cart.id)
  return { ...(await getOrder(api, fixture.admin, placed.id)), cart_id: cart.id as string }
}

/** The same order placed by a guest: no login, the email on the cart. */
export async function placeGuestOrder(
  api: Api,
  fixture: StoreFixture,
  input: CartInput & { email?: string }
) {
  const headers = storeHeaders(fixture.publishableKey)
  const email = input.email ?? `guest-${Math.random().toString(36).slice(2)}@test.dev`
  const cart = await createCart(api, fixture, headers, { ...input, email })
  const placed = await completeCart(api, headers, cart.id)
  return { ...(await getOrder(api, fixture.admin, placed.id)), cart_id: cart.id as string }
}

// ----------------------------------------------------------------------------------------------
// Admin order actions

/** GET /admin/orders/:id with every total (see ORDER_FIELDS). */
export async function getOrder(api: Api, admin: Headers, orderId: string) {
  const { data } = await api.get(`/admin/orders/${orderId}?fields=${ORDER_FIELDS}`, admin)
  return data.order
}

const paymentOf = (order: any) => order.payment_collections[0].payments[0]

/** POST /admin/orders/:id/cancel (refunds a captured payment itself). Returns the order. */
export async function cancelOrder(api: Api, admin: Headers, orderId: string) {
  await api.post(`/admin/orders/${orderId}/cancel`, {}, admin)
  return getOrder(api, admin, orderId)
}

/** Captures the order's payment (all of it unless `amount`), as a store does when it ships. */
export async function capturePayment(api: Api, admin: Headers, orderId: string, amount?: number) {
  const payment = paymentOf(await getOrder(api, admin, orderId))
  await api.post(`/admin/payments/${payment.id}/capture`, amount ? { amount } : {}, admin)
  return getOrder(api, admin, orderId)
}

/** Ships every item not shipped yet (a return needs shipped items). Returns the order. */
export async function fulfillOrder(api: Api, admin: Headers, orderId: string) {
  const order = await getOrder(api, admin, orderId)
  const items = order.items
    .map((item: any) => ({ id: item.id, quantity: item.quantity - item.detail.fulfilled_quantity }))
    .filter((item: any) => item.quantity > 0)
  if (items.length) {
    await api.post(`/admin/orders/${orderId}/fulfillments`, { items }, admin)
  }
  return getOrder(api, admin, orderId)
}

/**
 * A return of `items` (order line item ids), requested, received and refunded, the way the
 * admin does it: the order is captured and shipped first if it is not yet, the goods go back
 * to the location they were shipped from, and what Medusa then owes the shopper
 * (−summary.pending_difference) is refunded to the payment.
 */
export async function returnItems(
  api: Api,
  admin: Headers,
  orderId: string,
  items: { item_id: string; quantity: number }[]
) {
  let order = await getOrder(api, admin, orderId)
  if (!paymentOf(order).captured_at) {
    order = await capturePayment(api, admin, orderId)
  }
  order = await fulfillOrder(api, admin, orderId)

  const lines = items.map(({ item_id, quantity }) => ({ id: item_id, quantity }))
  const { data } = await api.post(
    "/admin/returns",
    { order_id: orderId, location_id: order.fulfillments[0].location_id },
    admin
  )
  const returnId: string = data.return.id
  await api.post(`/admin/returns/${returnId}/request-items`, { items: lines }, admin)
  await api.post(`/admin/returns/${returnId}/request`, {}, admin)
  return { return_id: returnId, ...(await receiveReturn(api, admin, orderId, returnId, items)) }
}

/**
 * Receives a requested return (its own, a claim's or an exchange's) in full, then refunds what
 * Medusa owes the shopper: `order.return_received` { order_id, return_id }, then `payment.refunded`.
 */
export async function receiveReturn(
  api: Api,
  admin: Headers,
  orderId: string,
  returnId: string,
  items: { item_id: string; quantity: number }[]
) {
  const lines = items.map(({ item_id, quantity }) => ({ id: item_id, quantity }))
  await api.post(`/admin/returns/${returnId}/receive`, {}, admin)
  await api.post(`/admin/returns/${returnId}/receive-items`, { items: lines }, admin)
  await api.post(`/admin/returns/${returnId}/receive/confirm`, {}, admin)
  return refundOwed(api, admin, orderId)
}

/** Refunds what Medusa says it owes the shopper (−summary.pending_difference), if anything. */
export async function refundOwed(api: Api, admin: Headers, orderId: string) {
  let order = await getOrder(api, admin, orderId)
  const owed = -Number(order.summary.pending_difference)
  if (owed > 0) {
    await api.post(`/admin/payments/${paymentOf(order).id}/refund`, { amount: owed }, admin)
    order = await getOrder(api, admin, orderId)
  }
  return { refunded_amount: Math.max(owed, 0), order }
}

/** Refunds `amount` of the order's payment with no return (captures it first if needed). */
export async function refundPayment(api: Api, admin: Headers, orderId: string, amount: number) {
  let order = await getOrder(api, admin, orderId)
  if (!paymentOf(order).captured_at) {
    order = await capturePayment(api, admin, orderId)
  }
  await api.post(`/admin/payments/${paymentOf(order).id}/refund`, { amount }, admin)
  return getOrder(api, admin, orderId)
}

// ----------------------------------------------------------------------------------------------
// Order changes, the way the admin dashboard makes them (Medusa 2.21.1 admin routes)

/**
 * An order edit (/admin/order-edits; every route takes the ORDER id): `add` new variants,
 * `update` existing lines to a new quantity (0 takes a line out), then request and confirm.
 * Confirming emits `order-edit.confirmed` { order_id, actions (each with order_change_id),
 * no_notification }. `carryOverPromotions` first tries POST /admin/order-changes/:id
 * { carry_over_promotions: true } as the dashboard's switch does, and returns its error, if any.
 * The payment is captured first, so that what Medusa then owes can be refunded (refundOwed).
 */
export async function editOrder(
  api: Api,
  admin: Headers,
  orderId: string,
  change: {
    add?: { variant_id: string; quantity: number }[]
    update?: { item_id: string; quantity: number }[]
    carryOverPromotions?: boolean
  }
) {
  const order = await getOrder(api, admin, orderId)
  if (!paymentOf(order).captured_at) {
    await capturePayment(api, admin, orderId)
  }
  const { data } = await api.post("/admin/order-edits", { order_id: orderId }, admin)
  const orderChangeId: string = data.order_change.id
  let carryOverError: any = null
  if (change.carryOverPromotions) {
    carryOverError = await api
      .post(`/admin/order-changes/${orderChangeId}`, { carry_over_promotions: true }, admin)
      .then(() => null, (error: any) => ({ status: error.response?.status, ...error.response?.data }))
  }
  if (change.add?.length) {
    await api.post(`/admin/order-edits/${orderId}/items`, { items: change.add }, admin)
  }
  for (const { item_id, quantity } of change.update ?? []) {
    await api.post(`/admin/order-edits/${orderId}/items/item/${item_id}`, { quantity }, admin)
  }
  await api.post(`/admin/order-edits/${orderId}/request`, {}, admin)
  await api.post(`/admin/order-edits/${orderId}/confirm`, {}, admin)
  return { order_change_id: orderChangeId, carry_over_error: carryOverError, order: await getOrder(api, admin, orderId) }
}

/**
 * A claim (/admin/claims) of `type` on shipped items: `writeOff` lines are claimed items the
 * shopper keeps or lost (POST /claim-items, a WRITE_OFF_ITEM each), `outbound` variants are
 * sent as replacements; confirming (POST /request) emits `order.claim_created`
 * { order_id, claim_id }. A write-off moves no money in Medusa: the merchant refunds by hand.
 */
export async function claimItems(
  api: Api,
  admin: Headers,
  orderId: string,
  claim: {
    type: "refund" | "replace"
    writeOff: { item_id: string; quantity: number }[]
    outbound?: { variant_id: string; quantity: number; unit_price?: number }[]
  }
) {
  let order = await getOrder(api, admin, orderId)
  if (!paymentOf(order).captured_at) {
    await capturePayment(api, admin, orderId)
  }
  order = await fulfillOrder(api, admin, orderId)
  const { data } = await api.post("/admin/claims", { order_id: orderId, type: claim.type }, admin)
  const claimId: string = data.claim.id
  await api.post(
    `/admin/claims/${claimId}/claim-items`,
    { items: claim.writeOff.map(({ item_id, quantity }) => ({ id: item_id, quantity, reason: "production_failure" })) },
    admin
  )
  if (claim.outbound?.length) {
    await api.post(`/admin/claims/${claimId}/outbound/items`, { items: claim.outbound }, admin)
  }
  await api.post(`/admin/claims/${claimId}/request`, {}, admin)
  return { claim_id: claimId, order: await getOrder(api, admin, orderId) }
}

/**
 * An exchange (/admin/exchanges): `inbound` lines come back (a return, requested), `outbound`
 * variants go out as new lines at their price. Confirming (POST /request) emits
 * `order.exchange_created` { order_id, exchange_id }; the return is received later
 * (receiveReturn: `order.return_received`).
 */
export async function exchangeItems(
  api: Api,
  admin: Headers,
  orderId: string,
  exchange: {
    inbound: { item_id: string; quantity: number }[]
    outbound: { variant_id: string; quantity: number }[]
  }
) {
  let order = await getOrder(api, admin, orderId)
  if (!paymentOf(order).captured_at) {
    await capturePayment(api, admin, orderId)
  }
  order = await fulfillOrder(api, admin, orderId)
  const { data } = await api.post("/admin/exchanges", { order_id: orderId }, admin)
  const exchangeId: string = data.exchange.id
  const { data: inbound } = await api.post(
    `/admin/exchanges/${exchangeId}/inbound/items`,
    {
      location_id: order.fulfillments[0].location_id,
      items: exchange.inbound.map(({ item_id, quantity }) => ({ id: item_id, quantity })),
    },
    admin
  )
  await api.post(`/admin/exchanges/${exchangeId}/outbound/items`, { items: exchange.outbound }, admin)
  await api.post(`/admin/exchanges/${exchangeId}/request`, {}, admin)
  return { exchange_id: exchangeId, return_id: inbound.return.id as string, order: await getOrder(api, admin, orderId) }
}
