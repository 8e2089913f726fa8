import { useState } from "react"
import { useQuery } from "@tanstack/react-query"
import { useTranslation } from "react-i18next"
import type { HttpTypes } from "@medusajs/types"
import { useStore } from "../store"
import { formatMoney } from "../lib/format"
import { messageOf } from "../lib/errors"

export function ShopPage() {
  const { t } = useTranslation()
  const { sdk, region } = useStore()
  const products = useQuery({
    queryKey: ["products", region?.id],
    enabled: !!region,
    queryFn: async () =>
      (await sdk.store.product.list({ region_id: region!.id, limit: 50, fields: "id,title,handle,description,thumbnail,*variants,*variants.calculated_price" }))
        .products,
  })
  return (
    <>
      <h1>{t("shop.title")}</h1>
      {products.isLoading && <p>{t("loading")}</p>}
      {products.error && <p className="error">{messageOf(products.error)}</p>}
      <div className="grid">
        {products.data?.map((product) => <ProductCard key={product.id} product={product} />)}
      </div>
    </>
  )
}

const SIZES = ["XS", "S", "M", "L", "XL", "XXL"]
const sizeIndex = (title: string | null | undefined) => (SIZES.includes(title ?? "") ? SIZES.indexOf(title!) : SIZES.length)

/** Variants in the admin's order, clothing sizes small to large where the ranks say nothing. */
function byRank(a: HttpTypes.StoreProductVariant, b: HttpTypes.StoreProductVariant) {
  return (a.variant_rank ?? 0) - (b.variant_rank ?? 0) || sizeIndex(a.title) - sizeIndex(b.title)
}

function ProductCard({ product }: { product: HttpTypes.StoreProduct }) {
  const { t, i18n } = useTranslation()
  const { sdk, ensureCart, refreshCart, region } = useStore()
  const variants = [...(product.variants ?? [])].sort(byRank)
  const [variantId, setVariantId] = useState(variants[0]?.id)
  const [state, setState] = useState<"idle" | "busy" | "added">("idle")
  const [error, setError] = useState<string | null>(null)
  const variant = variants.find((v) => v.id === variantId)
  const price = variant?.calculated_price?.calculated_amount

  const add = async () => {
    if (!variantId) return
    setState("busy")
    setError(null)
    try {
      const cart = await ensureCart()
      await sdk.store.cart.createLineItem(cart.id, { variant_id: variantId, quantity: 1 })
      await refreshCart()
      setState("added")
    } catch (caught) {
      setError(messageOf(caught))
      setState("idle")
    }
  }

  return (
    <article className="card product" data-testid={`product-${product.handle}`}>
      <h2>{product.title}</h2>
      <p className="muted">{product.description}</p>
      {price != null && region && <p className="price">{formatMoney(price, region.currency_code, i18n.language)}</p>}
      {variants.length > 1 && (
        <label>
          {t("shop.size")}
          <select value={variantId} onChange={(event) => setVariantId(event.target.value)}>
            {variants.map((v) => <option key={v.id} value={v.id}>{v.title}</option>)}
          </select>
        </label>
      )}
      <button type="button" className="primary" onClick={() => void add()} disabled={state === "busy"}>
        {state === "added" ? t("shop.added") : t("shop.add")}
      </button>
      {error && <p className="error">{error}</p>}
    </article>
  )
}
