import { useQuery } from "@tanstack/react-query"
import { isNotEnrolled } from "medusa-loyalty/client"
import { useStore } from "./store"

/**
 * The public program (limits, point values, tiers, referrals); null for a shopper in the
 * holdout group, who is not enrolled: the pages then show no points anywhere.
 */
export function useProgram() {
  const { points } = useStore()
  return useQuery({
    queryKey: ["program"],
    queryFn: async () => {
      try {
        return (await points.program()).program
      } catch (error) {
        if (isNotEnrolled(error)) return null
        throw error
      }
    },
  })
}

/** False for a signed-in shopper in the holdout group; undefined while asking. */
export function useEnrolled(): boolean | undefined {
  const program = useProgram()
  return program.data === undefined ? undefined : program.data !== null
}

/** The signed-in shopper's points account. */
export function useAccount() {
  const { points } = useStore()
  const enrolled = useEnrolled()
  return useQuery({ queryKey: ["account"], enabled: enrolled === true, queryFn: async () => (await points.account()).account })
}

/** What the checkout's points control draws for a cart. */
export function useEstimate(cartId: string | undefined) {
  const { points } = useStore()
  const enrolled = useEnrolled()
  return useQuery({
    queryKey: ["estimate", cartId],
    enabled: !!cartId && enrolled === true,
    queryFn: () => points.cart(cartId!).estimate(),
  })
}
