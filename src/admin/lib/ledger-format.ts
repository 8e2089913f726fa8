/** Badge colors of ledger row types, shared by the admin's loyalty widgets. */
export const TYPE_COLORS: Record<string, "green" | "red" | "blue" | "orange" | "grey" | "purple"> = {
  earn: "green",
  bonus: "green",
  referral: "purple",
  adjust: "blue",
  restore: "blue",
  redeem: "orange",
  reversal: "red",
  expire: "grey",
}

export const formatDate = (value: string | null) => (value ? new Date(value).toLocaleDateString() : "–")

export const signedPoints = (points: number) => (points > 0 ? `+${points}` : `${points}`)
