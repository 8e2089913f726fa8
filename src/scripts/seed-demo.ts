import fs from "fs"
import path from "path"
import { LOYALTY_MODULE } from "../modules/loyalty"
import type {
  CreateInventoryLevelInput,
  ExecArgs,
  Logger,
  MedusaContainer,
} from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  FeatureFlag,
  Modules,
  ProductStatus,
} from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createCustomerAccountWorkflow,
  createInventoryLevelsWorkflow,
  createLocationFulfillmentSetWorkflow,
  createProductCategoriesWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createServiceZonesWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  createUsersWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

/**
 * `npx medusa exec ./src/scripts/seed-demo.ts` — the demo store of `npm run demo`.
 *
 * Idempotent: every step looks up what it would create and creates only what is missing, so a
 * second run changes nothing. Writes the logins and the publishable key to
 * `.data/demo-credentials.json` (a dot-folder, so `medusa develop` does not restart on it), or
 * to the file LOYALTY_DEMO_CREDENTIALS_FILE names (the e2e run's, outside the project).
 */

export const DEMO_ADMIN = { email: "admin@medusa-loyalty.test", password: "supersecret" }
export const DEMO_SHOPPER = { email: "shopper@medusa-loyalty.test", password: "supersecret" }
export const DEMO_CREDENTIALS_FILE = path.join(".data", "demo-credentials.json")

const SALES_CHANNEL = "Default Sales Channel"
const PUBLISHABLE_KEY_TITLE = "Loyalty demo storefront"
const STOCK_LOCATION = "Demo Warehouse"
const FULFILLMENT_SET = "Demo Warehouse delivery"
const SERVICE_ZONE = "Europe and United States"
const SHIPPING_OPTION = "Standard"

const EUROPE = { de: 19, fr: 20, nl: 21, es: 21, it: 22, at: 20, be: 21 } // VAT, %
const UNITED_STATES = ["us"]

const DAY = 24 * 60 * 60 * 1000
const inDays = (days: number) => new Date(Date.now() + days * DAY)

export default async function seedDemo({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  logger.info("Seeding the loyalty demo store…")

  const salesChannelId = await seedSalesChannel(container)
  await seedStore(container, { salesChannelId })
  const regions = await seedRegions(container)
  await seedTaxRegions(container)
  const locationId = await seedStockLocation(container, { salesChannelId })
  await seedShipping(container, { locationId })
  const publishableKey = await seedPublishableKey(container, { salesChannelId })
  await seedProducts(container, { salesChannelId, locationId })
  const adminId = await seedAdmin(container)
  const shopperId = await seedShopper(container)
  await seedLoyalty(container, { shopperId, adminId, logger })

  const credentials = {
    // demo.js runs the seed with the PORT Medusa will listen on.
    admin_url: `http://localhost:${process.env.PORT || 9000}/app`,
    admin: DEMO_ADMIN,
    publishable_key: publishableKey,
    shopper: { ...DEMO_SHOPPER, customer_id: shopperId },
    regions,
  }
  const file = path.resolve(process.cwd(), process.env.LOYALTY_DEMO_CREDENTIALS_FILE || DEMO_CREDENTIALS_FILE)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify(credentials, null, 2) + "\n")
  logger.info(`Demo store ready; logins and publishable key in ${path.relative(process.cwd(), file)}`)
}

// ---------------------------------------------------------------------------------------------

async function seedSalesChannel(container: MedusaContainer) {
  const salesChannels = container.resolve(Modules.SALES_CHANNEL)
  const [existing] = await salesChannels.listSalesChannels({ name: SALES_CHANNEL })
  if (existing) {
    return existing.id
  }
  const { result } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: SALES_CHANNEL }] },
  })
  return result[0].id
}

async function seedStore(container: MedusaContainer, { salesChannelId }: { salesChannelId: string }) {
  const stores = container.resolve(Modules.STORE)
  const [store] = await stores.listStores({}, { relations: ["supported_currencies"] })

  const currencies = store.supported_currencies ?? []
  const hasCurrencies =
    currencies.some((c) => c.currency_code === "eur" && c.is_default) &&
    currencies.some((c) => c.currency_code === "usd")

  const update: Record<string, unknown> = {}
  if (!hasCurrencies) {
    update.supported_currencies = [
      { currency_code: "eur", is_default: true },
      { currency_code: "usd" },
    ]
  }
  if (!store.default_sales_channel_id) {
    update.default_sales_channel_id = salesChannelId
  }
  if (Object.keys(update).length) {
    await updateStoresWorkflow(container).run({ input: { selector: { id: store.id }, update } })
  }
}

async function seedRegions(container: MedusaContainer) {
  const regionService = container.resolve(Modules.REGION)
  const wanted = [
    { name: "Europe", currency_code: "eur", countries: Object.keys(EUROPE) },
    { name: "United States", currency_code: "usd", countries: UNITED_STATES },
  ]
  const existing = await regionService.listRegions({ name: { $in: wanted.map((r) => r.name) } })
  const missing = wanted.filter((r) => !existing.some((e) => e.name === r.name))
  if (missing.length) {
    await createRegionsWorkflow(container).run({
      input: {
        regions: missing.map((region) => ({
          ...region,
          payment_providers: ["pp_system_default"],
        })),
      },
    })
  }
  const regions = await regionService.listRegions({ name: { $in: wanted.map((r) => r.name) } })
  return Object.fromEntries(regions.map((r) => [r.name, r.id]))
}

async function seedTaxRegions(container: MedusaContainer) {
  const taxService = container.resolve(Modules.TAX)
  const countries = [...Object.keys(EUROPE), ...UNITED_STATES]
  const existing = await taxService.listTaxRegions({ country_code: { $in: countries }, parent_id: { $eq: null } } as any)
  const missing = countries.filter((code) => !existing.some((t) => t.country_code === code))
  if (!missing.length) {
    return
  }
  await createTaxRegionsWorkflow(container).run({
    input: missing.map((country_code) => {
      const vat = EUROPE[country_code as keyof typeof EUROPE]
      return {
        country_code,
        provider_id: "tp_system",
        ...(vat ? { default_tax_rate: { rate: vat, code: `vat-${country_code}`, name: "VAT" } } : {}),
      }
    }),
  })
}

async function seedStockLocation(
  container: MedusaContainer,
  { salesChannelId }: { salesChannelId: string }
) {
  const locations = container.resolve(Modules.STOCK_LOCATION)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const link = container.resolve(ContainerRegistrationKeys.LINK)

  let [location] = await locations.listStockLocations({ name: STOCK_LOCATION })
  if (!location) {
    const { result } = await createStockLocationsWorkflow(container).run({
      input: {
        locations: [
          {
            name: STOCK_LOCATION,
            address: { address_1: "Hauptstraße 1", city: "Berlin", country_code: "DE" },
          },
        ],
      },
    })
    location = result[0]
  }

  const stores = container.resolve(Modules.STORE)
  const [store] = await stores.listStores()
  if (!store.default_location_id) {
    await updateStoresWorkflow(container).run({
      input: { selector: { id: store.id }, update: { default_location_id: location.id } },
    })
  }

  const {
    data: [withLinks],
  } = await query.graph({
    entity: "stock_location",
    fields: ["id", "fulfillment_providers.id", "sales_channels.id"],
    filters: { id: location.id },
  })
  if (!withLinks.fulfillment_providers?.some((p: any) => p?.id === "manual_manual")) {
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
    })
  }
  if (!withLinks.sales_channels?.some((c: any) => c?.id === salesChannelId)) {
    await linkSalesChannelsToStockLocationWorkflow(container).run({
      input: { id: location.id, add: [salesChannelId] },
    })
  }
  return location.id
}

async function seedShipping(container: MedusaContainer, { locationId }: { locationId: string }) {
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)

  const findSet = async () => {
    const {
      data: [location],
    } = await query.graph({
      entity: "stock_location",
      fields: ["fulfillment_sets.id", "fulfillment_sets.name", "fulfillment_sets.service_zones.*"],
      filters: { id: locationId },
    })
    return (location.fulfillment_sets ?? []).find((set: any) => set?.name === FULFILLMENT_SET)
  }

  let fulfillmentSet = await findSet()
  if (!fulfillmentSet) {
    await createLocationFulfillmentSetWorkflow(container).run({
      input: {
        location_id: locationId,
        fulfillment_set_data: { name: FULFILLMENT_SET, type: "shipping" },
      },
    })
    fulfillmentSet = await findSet()
  }

  if (!fulfillmentSet) {
    throw new Error("Could not create the demo fulfillment set")
  }
  let zone: { id: string } | undefined = fulfillmentSet.service_zones?.find((z: any) => z?.name === SERVICE_ZONE)
  if (!zone) {
    const { result } = await createServiceZonesWorkflow(container).run({
      input: {
        data: [
          {
            fulfillment_set_id: fulfillmentSet.id,
            name: SERVICE_ZONE,
            geo_zones: [...Object.keys(EUROPE), ...UNITED_STATES].map((country_code) => ({
              type: "country" as const,
              country_code,
            })),
          },
        ],
      },
    })
    zone = result[0]
  }
  if (!zone) {
    throw new Error("Could not create the demo service zone")
  }

  let [profile] = await fulfillment.listShippingProfiles({ type: "default" })
  if (!profile) {
    const { result } = await createShippingProfilesWorkflow(container).run({
      input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
    })
    profile = result[0]
  }

  const [option] = await fulfillment.listShippingOptions({
    name: SHIPPING_OPTION,
    service_zone: { id: zone.id },
  })
  if (!option) {
    await createShippingOptionsWorkflow(container).run({
      input: [
        {
          name: SHIPPING_OPTION,
          price_type: "flat",
          provider_id: "manual_manual",
          service_zone_id: zone.id,
          shipping_profile_id: profile.id,
          type: { label: "Standard", description: "Delivered in 2–4 days.", code: "standard" },
          prices: [
            { currency_code: "eur", amount: 5 },
            { currency_code: "usd", amount: 6 },
          ],
          rules: [
            { attribute: "enabled_in_store", value: "true", operator: "eq" },
            { attribute: "is_return", value: "false", operator: "eq" },
          ],
        },
      ],
    })
  }
}

async function seedPublishableKey(
  container: MedusaContainer,
  { salesChannelId }: { salesChannelId: string }
) {
  const apiKeys = container.resolve(Modules.API_KEY)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)

  // Ours if an earlier run made it, else the one Medusa creates on first start, else a new one.
  const keys = await apiKeys.listApiKeys(
    { type: "publishable", revoked_at: { $eq: null } } as any,
    { order: { created_at: "ASC" } }
  )
  let key = keys.find((k) => k.title === PUBLISHABLE_KEY_TITLE) ?? keys[0]
  if (!key) {
    const { result } = await createApiKeysWorkflow(container).run({
      input: {
        api_keys: [{ title: PUBLISHABLE_KEY_TITLE, type: "publishable", created_by: "" }],
      },
    })
    key = result[0]
  }

  const {
    data: [withChannels],
  } = await query.graph({
    entity: "api_key",
    fields: ["id", "sales_channels.id"],
    filters: { id: key.id },
  })
  if (!withChannels.sales_channels?.some((c: any) => c?.id === salesChannelId)) {
    await linkSalesChannelsToApiKeyWorkflow(container).run({
      input: { id: key.id, add: [salesChannelId] },
    })
  }
  return key.token
}

type DemoProduct = {
  title: string
  handle: string
  category: string
  description: string
  sizes?: string[]
  eur: number
  usd: number
}

const PRODUCTS: DemoProduct[] = [
  {
    title: "Loyalty Tee",
    handle: "loyalty-tee",
    category: "Apparel",
    description: "A soft cotton tee for members who keep coming back.",
    sizes: ["S", "M", "L", "XL"],
    eur: 25,
    usd: 29,
  },
  {
    title: "Rewards Hoodie",
    handle: "rewards-hoodie",
    category: "Apparel",
    description: "A heavy hoodie, paid for in part with points if you like.",
    sizes: ["S", "M", "L", "XL"],
    eur: 60,
    usd: 69,
  },
  {
    title: "Points Mug",
    handle: "points-mug",
    category: "Accessories",
    description: "A ceramic mug, 350 ml.",
    eur: 12,
    usd: 14,
  },
  {
    title: "Member Tote Bag",
    handle: "member-tote-bag",
    category: "Accessories",
    description: "A sturdy canvas tote.",
    eur: 18,
    usd: 21,
  },
]

async function seedProducts(
  container: MedusaContainer,
  { salesChannelId, locationId }: { salesChannelId: string; locationId: string }
) {
  const products = container.resolve(Modules.PRODUCT)
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)

  const categoryNames = [...new Set(PRODUCTS.map((p) => p.category))]
  const handleOf = (name: string) => name.toLowerCase().replace(/\s+/g, "-")
  const existingCategories = await products.listProductCategories({
    handle: categoryNames.map(handleOf),
  })
  const missingCategories = categoryNames.filter(
    (name) => !existingCategories.some((c) => c.handle === handleOf(name))
  )
  if (missingCategories.length) {
    await createProductCategoriesWorkflow(container).run({
      input: {
        product_categories: missingCategories.map((name) => ({
          name,
          handle: handleOf(name),
          is_active: true,
        })),
      },
    })
  }
  const categories = await products.listProductCategories({ handle: categoryNames.map(handleOf) })
  const categoryId = (name: string) => categories.find((c) => c.handle === handleOf(name))!.id

  const existing = await products.listProducts({ handle: PRODUCTS.map((p) => p.handle) })
  const missing = PRODUCTS.filter((p) => !existing.some((e) => e.handle === p.handle))
  if (missing.length) {
    const [profile] = await fulfillment.listShippingProfiles({ type: "default" })
    await createProductsWorkflow(container).run({
      input: {
        products: missing.map((product) => {
          const sizes = product.sizes ?? ["One size"]
          const skuBase = product.handle.toUpperCase()
          return {
            title: product.title,
            handle: product.handle,
            description: product.description,
            status: ProductStatus.PUBLISHED,
            category_ids: [categoryId(product.category)],
            shipping_profile_id: profile.id,
            options: [{ title: "Size", values: sizes }],
            variants: sizes.map((size) => ({
              title: size,
              sku: product.sizes ? `${skuBase}-${size}` : skuBase,
              options: { Size: size },
              prices: [
                { currency_code: "eur", amount: product.eur },
                { currency_code: "usd", amount: product.usd },
              ],
            })),
            sales_channels: [{ id: salesChannelId }],
          }
        }),
      },
    })
  }

  // Stock for every demo variant at the demo warehouse.
  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: ["id", "inventory_items.inventory.id", "inventory_items.inventory.location_levels.location_id"],
    filters: { product_id: (await products.listProducts({ handle: PRODUCTS.map((p) => p.handle) })).map((p) => p.id) },
  })
  const levels: CreateInventoryLevelInput[] = []
  for (const variant of variants) {
    for (const link of variant.inventory_items ?? []) {
      const item = link?.inventory
      if (item && !item.location_levels?.some((l: any) => l?.location_id === locationId)) {
        levels.push({ inventory_item_id: item.id, location_id: locationId, stocked_quantity: 1000 })
      }
    }
  }
  if (levels.length) {
    await createInventoryLevelsWorkflow(container).run({ input: { inventory_levels: levels } })
  }
}

/** An admin user who logs in with email and password, as `medusa user` creates one. */
async function seedAdmin(container: MedusaContainer) {
  const users = container.resolve(Modules.USER)
  let [user] = await users.listUsers({ email: DEMO_ADMIN.email })
  if (!user) {
    const roles: string[] = []
    if (FeatureFlag.isFeatureEnabled("rbac")) {
      const rbac = container.resolve(Modules.RBAC) as any
      const superAdmin = await rbac.listRbacRoles({ id: "role_super_admin" })
      if (superAdmin.length) roles.push(superAdmin[0].id)
    }
    const { result } = await createUsersWorkflow(container).run({
      input: { users: [{ email: DEMO_ADMIN.email, first_name: "Demo", last_name: "Admin", ...(roles.length ? { roles } : {}) } as any] },
    })
    user = result[0]
  }
  const identity = await emailpassIdentity(container, DEMO_ADMIN)
  if (identity.app_metadata?.user_id !== user.id) {
    const auth = container.resolve(Modules.AUTH)
    await auth.updateAuthIdentities({
      id: identity.id,
      app_metadata: { ...identity.app_metadata, user_id: user.id },
    })
  }
  return user.id
}

/** A registered shopper, linked to an emailpass identity as store registration does. */
async function seedShopper(container: MedusaContainer) {
  const customers = container.resolve(Modules.CUSTOMER)
  const identity = await emailpassIdentity(container, DEMO_SHOPPER)
  let [customer] = await customers.listCustomers({ email: DEMO_SHOPPER.email, has_account: true })
  if (!customer) {
    const { result } = await createCustomerAccountWorkflow(container).run({
      input: {
        authIdentityId: identity.id,
        customerData: { email: DEMO_SHOPPER.email, first_name: "Sam", last_name: "Shopper" },
      },
    })
    return result.id
  }
  if (identity.app_metadata?.customer_id !== customer.id) {
    const auth = container.resolve(Modules.AUTH)
    await auth.updateAuthIdentities({
      id: identity.id,
      app_metadata: { ...identity.app_metadata, customer_id: customer.id },
    })
  }
  return customer.id
}

/** The auth identity behind an email/password login, registered when missing. */
async function emailpassIdentity(
  container: MedusaContainer,
  { email, password }: { email: string; password: string }
) {
  const auth = container.resolve(Modules.AUTH)
  const [providerIdentity] = await auth.listProviderIdentities({
    provider: "emailpass",
    entity_id: email,
  })
  if (providerIdentity) {
    return auth.retrieveAuthIdentity(providerIdentity.auth_identity_id!)
  }
  const { authIdentity, error } = await auth.register("emailpass", { body: { email, password } })
  if (error || !authIdentity) {
    throw new Error(`Could not register ${email}: ${error}`)
  }
  return authIdentity
}

/** A points history for the shopper, through the loyalty module (idempotency keys `demo:…`). */
async function seedLoyalty(
  container: MedusaContainer,
  { shopperId, adminId, logger }: { shopperId: string; adminId: string; logger: Logger }
) {
  let loyalty: any
  try {
    loyalty = container.resolve(LOYALTY_MODULE)
  } catch {
    logger.warn("The loyalty module is not registered; the demo shopper gets no points history.")
    return
  }

  // The demo program, set on the first seed only (what the admin changes later stays): one
  // point is worth one cent, so that the demo shopper can earn and redeem in both currencies;
  // an order's points are spendable at once (no return window), from 50 points a cart; and
  // referrals are on, with links to the demo storefront (LOYALTY_DEMO_STOREFRONT_URL).
  const settings = await loyalty.getProgramSettings()
  if (!Object.keys(settings.point_values ?? {}).length) {
    await loyalty.updateProgramSettings({
      point_values: { eur: 0.01, usd: 0.01 },
      pending_days: 0,
      min_redeem_points: 50,
      storefront_url: process.env.LOYALTY_DEMO_STOREFRONT_URL || "http://localhost:8000",
      referrals: { enabled: true, referrer_points: 300, referee_points: 100 },
    })
  }

  await loyalty.credit({
    customer_id: shopperId,
    type: "bonus",
    points: 500,
    status: "available",
    expires_at: inDays(365),
    reason: "Welcome bonus",
    idempotency_key: "demo:welcome",
  })
  await loyalty.credit({
    customer_id: shopperId,
    type: "earn",
    points: 320,
    status: "available",
    expires_at: inDays(300),
    reason: "5 % of order #1001",
    reference: "demo-order-1001",
    idempotency_key: "demo:earn:1001",
  })
  await loyalty.credit({
    customer_id: shopperId,
    type: "earn",
    points: 150,
    status: "pending",
    available_at: inDays(10),
    expires_at: inDays(375),
    reason: "5 % of order #1002, available after the return window",
    reference: "demo-order-1002",
    idempotency_key: "demo:earn:1002",
  })
  await loyalty.debit({
    customer_id: shopperId,
    type: "redeem",
    points: 200,
    reason: "Paid part of order #1002 with points",
    idempotency_key: "demo:redeem:1002",
  })
  await loyalty.adjust({
    customer_id: shopperId,
    points: 100,
    reason: "Apology for a late delivery",
    expires_at: inDays(365),
    created_by: adminId,
    idempotency_key: "demo:apology",
  })
}
