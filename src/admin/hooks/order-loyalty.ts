import { useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type { LoyaltyTransaction } from "./customer-loyalty"

export type OrderLoyalty = {
  order_id: string
  customer_id: string | null
  earned: number
  spent: number
  reversed: number
  restored: number
  transactions: LoyaltyTransaction[]
}

export function useOrderLoyalty(orderId: string) {
  return useQuery({
    queryKey: ["loyalty", "order", orderId],
    queryFn: () => sdk.client.fetch<OrderLoyalty>(`/admin/orders/${orderId}/loyalty`),
  })
}
