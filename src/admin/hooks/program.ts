import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { ProgramRuleSettings } from "../lib/program-form"
import { sdk } from "../lib/sdk"

export type ProgramSettings = {
  enabled: boolean
  earn_percent: number
  point_values: Record<string, number>
  max_redeem_percent: number
  min_redeem_points: number
  pending_days: number
  expiry_days: number
  expiry_warning_days: number
  inactivity_days: number
  allow_negative_balance: boolean
  earn_on_shipping: boolean
  earn_on_tax: boolean
  reservation_ttl_hours: number
  /** Percent of customers signing up from its switch-on who are left out of the program (issue 21). */
  holdout_percent: number
} & Partial<ProgramRuleSettings>

const PROGRAM_KEY = ["loyalty", "program"]

export function useProgramSettings() {
  return useQuery({
    queryKey: PROGRAM_KEY,
    queryFn: () => sdk.client.fetch<{ program: ProgramSettings }>("/admin/loyalty/program"),
  })
}

export function useSaveProgramSettings() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: Partial<ProgramSettings>) =>
      sdk.client.fetch<{ program: ProgramSettings }>("/admin/loyalty/program", { method: "POST", body }),
    onSuccess: (data) => client.setQueryData(PROGRAM_KEY, data),
  })
}
