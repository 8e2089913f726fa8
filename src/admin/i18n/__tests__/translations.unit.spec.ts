import path from "path"
import { NOTIFIED_EVENTS } from "../../../lib/notified-events"
import { DESCRIPTION_KINDS } from "../../../lib/transaction-description"
import { REFERRAL_REFUSAL_REASONS } from "../../../modules/loyalty/models/loyalty-referral"
import { TRANSACTION_TYPES } from "../../../modules/loyalty/models/loyalty-transaction"
import type { ReferralFlagReason } from "../../../types/loyalty/module"
import { leafKeys, readJson, renderedTranslationKeys, type RenderedKeys } from "./translation-keys"

// Building a TypeScript program of the admin takes a few seconds, more on a busy machine.
jest.setTimeout(120_000)

const ADMIN_DIR = path.resolve(__dirname, "../..")
const LANGUAGES = {
  en: leafKeys(readJson(path.join(__dirname, "../json/en.json"))),
  ru: leafKeys(readJson(path.join(__dirname, "../json/ru.json"))),
}

/**
 * Keys a component builds from a value its types leave as `string` (what the API sends),
 * with the values it can have. A new such key fails the test until it is listed here, or
 * typed so that the scan resolves it.
 */
const DYNAMIC_KEYS: Record<string, readonly string[]> = {
  // A ledger row's type: the model's list.
  "loyalty.types.${…}": TRANSACTION_TYPES,
  // What a ledger row reads as (src/lib/transaction-description.ts).
  "loyalty.descriptions.${…}": DESCRIPTION_KINDS,
  // The figures src/modules/loyalty/ledger/verify.ts reports as differing.
  "loyalty.health.figures.${…}": [
    "balance",
    "pending",
    "reserved",
    "lifetime_earned",
    "lifetime_spent",
    "held_lots",
    "held_beyond_lots",
    "debt_with_open_lots",
    "spendable",
  ],
  // Why a referral waits for review (ReferralFlagReason, raised in ledger/referral-fraud.ts and workflows/referrals).
  "loyalty.referrals.flags.${…}": ["same_device", "velocity", "large_order"] satisfies ReferralFlagReason[],
  // Why a referral claim was refused: the model's list.
  "loyalty.referrals.refusals.${…}": REFERRAL_REFUSAL_REASONS,
  // The events the notifications setting takes (src/lib/notified-events.ts).
  "loyalty.settings.notification_events.${…}": NOTIFIED_EVENTS,
}

/** A key is there as itself or, for t(key, { count }), in i18next's plural forms. */
const PLURAL_SUFFIXES = ["_zero", "_one", "_two", "_few", "_many", "_other"]
const has = (keys: Map<string, unknown>, key: string) =>
  keys.has(key) || PLURAL_SUFFIXES.some((suffix) => keys.has(`${key}${suffix}`))
const perLanguage = <T>(check: (keys: Map<string, unknown>) => T) =>
  Object.fromEntries(Object.entries(LANGUAGES).map(([language, keys]) => [language, check(keys)]))
const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort()

describe("the admin's translations", () => {
  let rendered: RenderedKeys

  beforeAll(() => {
    rendered = renderedTranslationKeys(ADMIN_DIR)
  })

  it("has the same keys in English and Russian", () => {
    const onlyIn = (a: Map<string, unknown>, b: Map<string, unknown>) => [...a.keys()].filter((key) => !b.has(key))
    expect({ only_in_en: onlyIn(LANGUAGES.en, LANGUAGES.ru), only_in_ru: onlyIn(LANGUAGES.ru, LANGUAGES.en) }).toEqual({
      only_in_en: [],
      only_in_ru: [],
    })
  })

  it("has no empty text in either language", () => {
    const empty = perLanguage((keys) => [...keys].filter(([, text]) => typeof text !== "string" || !text.trim()).map(([key]) => key))
    expect(empty).toEqual({ en: [], ru: [] })
  })

  it("has the same {{placeholders}} in both languages", () => {
    const differing = [...LANGUAGES.en]
      .filter(([key, text]) => LANGUAGES.ru.has(key) && placeholders(text).join() !== placeholders(LANGUAGES.ru.get(key)).join())
      .map(([key, text]) => ({ key, en: text, ru: LANGUAGES.ru.get(key) }))
    expect(differing).toEqual([])
  })

  it("finds the keys the components render", () => {
    // The scan itself must see the admin: a known literal key, one through a helper
    // (field(name) in the settings form) and one through a prop typed as a union.
    expect(rendered.keys.size).toBeGreaterThan(150)
    for (const key of ["loyalty.widget.title", "loyalty.settings.fields.earn_percent", "loyalty.tiers.saved"]) {
      expect([key, rendered.keys.has(key)]).toEqual([key, true])
    }
  })

  it("renders no key that either language lacks", () => {
    const missing = perLanguage((keys) =>
      [...rendered.keys]
        .filter(([key]) => !has(keys, key))
        .map(([key, sites]) => `${key} (${sites.map((site) => `${site.file}:${site.line}`).join(", ")})`)
    )
    expect(missing).toEqual({ en: [], ru: [] })
  })

  it("knows the values of every key built from values the code does not pin down", () => {
    const unlisted = rendered.unresolved
      .filter((site) => !(site.key in DYNAMIC_KEYS))
      .map((site) => `${site.file}:${site.line} ${site.code}`)
    expect(unlisted).toEqual([])
    // A listed pattern the components no longer build is stale.
    const stale = Object.keys(DYNAMIC_KEYS).filter((pattern) => !rendered.unresolved.some((site) => site.key === pattern))
    expect(stale).toEqual([])
    const missing = perLanguage((keys) =>
      Object.entries(DYNAMIC_KEYS).flatMap(([pattern, values]) =>
        values.map((value) => pattern.replace("${…}", value)).filter((key) => !has(keys, key))
      )
    )
    expect(missing).toEqual({ en: [], ru: [] })
  })
})
