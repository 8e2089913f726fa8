import { useQuery } from "@tanstack/react-query"
import { useStore } from "./store"

/** The public program (limits, point values, tiers, referrals). */
export function useProgram() {
  const { points } = useStore()
  return useQuery({ queryKey: ["program"], queryFn: async () => (await points.program()).program })
}

/** The signed-in shopper's points account. */
export function useAccount() {
  const { points } = useStore()
  return useQuery({ queryKey: ["account"], queryFn: async () => (await points.account()).account })
}

/** What the checkout's points control draws for a cart. */
export function useEstimate(cartId: string | undefined) {
  const { points } = useStore()
  return useQuery({
    queryKey: ["estimate", cartId],
    enabled: !!cartId,
    queryFn: () => points.cart(cartId!).estimate(),
  })
}
