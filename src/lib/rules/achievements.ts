import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import { toDecimal } from "../decimal"
import { MAX_POINTS } from "../points"

/** A bonus for cumulative paid spend reaching `spend` in one currency. */
export type Achievement = { currency_code: string; spend: BigNumberInput; points: number }

/** What the ledger says about one threshold of one account. */
export type AchievementRecord = {
  currency_code: string
  spend: BigNumberInput
  /** How many times it was awarded, reversed ones included. */
  awards: number
  /** The points of the award still standing; 0 when none is (never awarded, or reversed). */
  held_points: number
}

export type AchievementChange = {
  currency_code: string
  /** The threshold, as a plain decimal ("1000", "99.5"). */
  spend: string
  points: number
  /** Same for every award and reversal of this threshold: the account's ledger rows group by it. */
  reference: string
  idempotency_key: string
}

/**
 * What to award and what to reverse for an account whose cumulative paid
 * spend is now `spend` (per currency code). A threshold is awarded once while
 * the spend stays at or above it; a return that takes the spend below it
 * reverses the award (the points credited, even if the setting has changed
 * since), and reaching it again awards it again. Keys count the awards, so
 * two events racing over the same change produce the same key and one row.
 */
export function achievementChanges(input: {
  account_id: string
  achievements: Achievement[]
  spend: Record<string, BigNumberInput>
  records: AchievementRecord[]
}): { award: AchievementChange[]; reverse: AchievementChange[] } {
  const spendOf = (currency: string) => {
    const entry = Object.entries(input.spend).find(([code]) => code.toLowerCase() === currency)
    return entry ? toDecimal(entry[1], `spend.${currency}`) : MathBN.convert(0)
  }
  const records = new Map(input.records.map((record) => [thresholdKey(record), record]))

  const award: AchievementChange[] = []
  for (const achievement of sortAchievements(input.achievements)) {
    const key = thresholdKey(achievement)
    const record = records.get(key)
    const currency = achievement.currency_code.toLowerCase()
    if (achievement.points > 0 && !(record && record.held_points > 0) && MathBN.gte(spendOf(currency), achievement.spend)) {
      const n = (record?.awards ?? 0) + 1
      award.push(change(input.account_id, achievement, achievement.points, `${key}:${n}`, ""))
    }
  }

  const reverse: AchievementChange[] = []
  for (const record of sortAchievements(input.records)) {
    const currency = record.currency_code.toLowerCase()
    if (record.held_points > 0 && MathBN.lt(spendOf(currency), record.spend)) {
      const key = `${thresholdKey(record)}:${record.awards}`
      reverse.push(change(input.account_id, record, record.held_points, key, "reverse:"))
    }
  }
  return { award, reverse }
}

/** The ledger reference of a threshold's awards and reversals: `achievement:eur:1000`. */
export function achievementReference(threshold: { currency_code: string; spend: BigNumberInput }): string {
  return `achievement:${thresholdKey(threshold)}`
}

/** Why the achievements setting cannot be saved, naming the field; null when it can. */
export function achievementsError(achievements: Achievement[]): string | null {
  const seen = new Set<string>()
  for (let i = 0; i < achievements.length; i++) {
    const { currency_code, spend, points } = achievements[i]
    if (typeof currency_code !== "string" || !/^[a-z]{3}$/i.test(currency_code)) {
      return `achievements[${i}].currency_code: must be an ISO 4217 currency code, got ${JSON.stringify(currency_code)}`
    }
    const amount = MathBN.convert(spend)
    if (!amount.isFinite() || !amount.gt(0)) {
      return `achievements[${i}].spend: must be an amount above 0, got ${String(spend)}`
    }
    if (!Number.isSafeInteger(points) || points < 1 || points > MAX_POINTS) {
      return `achievements[${i}].points: must be a whole number of points from 1 to ${MAX_POINTS}, got ${points}`
    }
    const key = thresholdKey(achievements[i])
    if (seen.has(key)) {
      return `achievements[${i}].spend: ${currency_code.toLowerCase()} ${amount.toString(10)} is already a threshold`
    }
    seen.add(key)
  }
  return null
}

function change(
  accountId: string,
  threshold: { currency_code: string; spend: BigNumberInput },
  points: number,
  keyTail: string,
  prefix: string
): AchievementChange {
  return {
    currency_code: threshold.currency_code.toLowerCase(),
    spend: MathBN.convert(threshold.spend).toString(10),
    points,
    reference: achievementReference(threshold),
    idempotency_key: `${prefix}achievement:${accountId}:${keyTail}`,
  }
}

/** `eur:1000`: one threshold however its amount was written (1000, "1000.00"). */
function thresholdKey(threshold: { currency_code: string; spend: BigNumberInput }): string {
  return `${threshold.currency_code.toLowerCase()}:${toDecimal(threshold.spend, "spend").toString(10)}`
}

function sortAchievements<T extends { currency_code: string; spend: BigNumberInput }>(list: T[]): T[] {
  return [...list].sort((a, b) => {
    const ca = a.currency_code.toLowerCase()
    const cb = b.currency_code.toLowerCase()
    return ca < cb ? -1 : ca > cb ? 1 : (MathBN.convert(a.spend).comparedTo(MathBN.convert(b.spend)) ?? 0)
  })
}
