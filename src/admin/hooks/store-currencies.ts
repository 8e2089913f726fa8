import { useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"

/** The store's currencies (lower-case codes), its default first: what point values and reports are for. */
export function useStoreCurrencies() {
  return useQuery({
    queryKey: ["loyalty", "store-currencies"],
    queryFn: async () => {
      const { stores } = await sdk.admin.store.list({ fields: "id,*supported_currencies" })
      const currencies = stores[0]?.supported_currencies ?? []
      return [...currencies]
        .sort((a, b) => Number(b.is_default) - Number(a.is_default) || a.currency_code.localeCompare(b.currency_code))
        .map((currency) => currency.currency_code.toLowerCase())
    },
  })
}
