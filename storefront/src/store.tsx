import { createContext, useCallback, useContext, type ReactNode } from "react"
import { useQuery, useQueryClient } from "@tanstack/react-query"
import type { HttpTypes } from "@medusajs/types"
import type { Clients, RuntimeConfig } from "./config"
import i18n from "./i18n"

const CART_KEY = "storefront_cart_id"
const REF_KEY = "storefront_ref"
/** The cart as the pages draw it: Medusa's default fields and the shipping method's name. */
export const CART_FIELDS = { fields: "+shipping_methods.name" }

type Store = Clients & {
  config: RuntimeConfig
  customer: HttpTypes.StoreCustomer | null | undefined
  region: HttpTypes.StoreRegion | undefined
  cart: HttpTypes.StoreCart | null | undefined
  /** Re-reads the cart (after any change the server made to it). */
  refreshCart: () => Promise<void>
  /** The shopper's cart, made on first use in the store's region and owned by the shopper. */
  ensureCart: () => Promise<HttpTypes.StoreCart>
  forgetCart: () => void
  signIn: (email: string, password: string) => Promise<void>
  register: (body: { email: string; password: string; first_name: string; last_name: string }) => Promise<void>
  signOut: () => Promise<void>
}

const StoreContext = createContext<Store | null>(null)

export function useStore(): Store {
  const store = useContext(StoreContext)
  if (!store) throw new Error("useStore outside StoreProvider")
  return store
}

/** Keeps `?ref=CODE` from a referral link until the shopper registers. */
export function rememberReferral(search: string) {
  const ref = new URLSearchParams(search).get("ref")
  if (ref) localStorage.setItem(REF_KEY, ref)
}
export const pendingReferral = () => localStorage.getItem(REF_KEY)
export const clearReferral = () => localStorage.removeItem(REF_KEY)

export function StoreProvider({ clients, config, children }: { clients: Clients; config: RuntimeConfig; children: ReactNode }) {
  const { sdk } = clients
  const queryClient = useQueryClient()

  const customer = useQuery({
    queryKey: ["customer"],
    queryFn: async () => {
      try {
        return (await sdk.store.customer.retrieve()).customer
      } catch {
        return null // not signed in
      }
    },
  })

  const region = useQuery({
    queryKey: ["region"],
    queryFn: async () => {
      const { regions } = await sdk.store.region.list({ limit: 20 })
      // The store's default currency first (the demo's Europe region).
      return regions.find((r) => r.currency_code === "eur") ?? regions[0]
    },
  })

  const cart = useQuery({
    queryKey: ["cart"],
    queryFn: async () => {
      const id = localStorage.getItem(CART_KEY)
      if (!id) return null
      try {
        const { cart } = await sdk.store.cart.retrieve(id, CART_FIELDS)
        if (cart.completed_at) {
          localStorage.removeItem(CART_KEY)
          return null
        }
        return cart
      } catch {
        localStorage.removeItem(CART_KEY)
        return null
      }
    },
  })

  const refreshCart = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: ["cart"] })
    await queryClient.invalidateQueries({ queryKey: ["estimate"] })
  }, [queryClient])

  const ensureCart = useCallback(async () => {
    const existing = localStorage.getItem(CART_KEY)
    if (existing) {
      try {
        const { cart } = await sdk.store.cart.retrieve(existing, CART_FIELDS)
        if (!cart.completed_at) return cart
      } catch {
        // gone: make another
      }
    }
    const regionId = region.data?.id
    const { cart } = await sdk.store.cart.create(regionId ? { region_id: regionId } : {})
    localStorage.setItem(CART_KEY, cart.id)
    queryClient.setQueryData(["cart"], cart)
    return cart
  }, [sdk, region.data, queryClient])

  const forgetCart = useCallback(() => {
    localStorage.removeItem(CART_KEY)
    queryClient.setQueryData(["cart"], null)
  }, [queryClient])

  /** A cart made before signing in becomes the shopper's (points need an owner). */
  const adoptCart = useCallback(async () => {
    const id = localStorage.getItem(CART_KEY)
    if (!id) return
    try {
      await sdk.store.cart.transferCart(id)
    } catch {
      localStorage.removeItem(CART_KEY)
    }
  }, [sdk])

  const signIn = useCallback(
    async (email: string, password: string) => {
      const result = await sdk.auth.login("customer", "emailpass", { email, password })
      if (typeof result !== "string") throw new Error(i18n.t("sign_in.more_steps"))
      await adoptCart()
      await queryClient.invalidateQueries()
    },
    [sdk, adoptCart, queryClient]
  )

  const register = useCallback(
    async ({ email, password, first_name, last_name }: { email: string; password: string; first_name: string; last_name: string }) => {
      // Medusa's registration: an identity, then the customer with its token, then a real login.
      await sdk.auth.register("customer", "emailpass", { email, password })
      await sdk.store.customer.create({ email, first_name, last_name })
      await signIn(email, password)
    },
    [sdk, signIn]
  )

  const signOut = useCallback(async () => {
    await sdk.auth.logout()
    localStorage.removeItem(CART_KEY)
    queryClient.clear()
    await queryClient.invalidateQueries()
  }, [sdk, queryClient])

  const value: Store = {
    ...clients,
    config,
    customer: customer.data,
    region: region.data,
    cart: cart.data,
    refreshCart,
    ensureCart,
    forgetCart,
    signIn,
    register,
    signOut,
  }
  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>
}
