import type { Context } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type { HoldoutSetting } from "../../lib/holdout"
import { invalid } from "./ledger/errors"
import type { LedgerStore } from "./ledger/ledger-store"
import { RECORD_CHECKS, RECORD_MODELS, RECORD_NAMES } from "./program/checks"
import { RECORD_VIEWS, type RecordKind, type RecordView } from "./program/records"
import {
  JSON_SETTING_NAMES,
  PROGRAM_SETTING_NAMES,
  type ProgramSettings,
  type ProgramSettingsPatch,
} from "./program-settings"

/**
 * The records a store owner edits: the program settings (one row over the
 * plugin options' defaults) and the tiers, campaigns and earning rules. They
 * go through the service's generated methods (`service` is the module's
 * service), so the ORM's JSON handling and soft deletes apply as to any
 * Medusa record; the ledger never writes them.
 */

/** The generated methods of the program row. */
type ProgramRows = {
  listLoyaltyPrograms(filters: object, config: object, sharedContext: Context): Promise<Record<string, any>[]>
  createLoyaltyPrograms(data: Record<string, unknown>, sharedContext: Context): Promise<unknown>
  updateLoyaltyPrograms(data: Record<string, unknown> & { id: string }, sharedContext: Context): Promise<unknown>
}

export async function readProgramSettings(service: ProgramRows, defaults: ProgramSettings, sharedContext: Context) {
  const [row] = await service.listLoyaltyPrograms({}, { take: 1 }, sharedContext)
  return mergeSettings(defaults, row)
}

/** Saves a partial change of the settings; a JSON map given replaces the stored one. */
export async function saveProgramSettings(
  service: ProgramRows,
  defaults: ProgramSettings,
  patch: ProgramSettingsPatch,
  sharedContext: Context
): Promise<ProgramSettings> {
  const [row] = await service.listLoyaltyPrograms({}, { take: 1 }, sharedContext)
  const data = { ...patch } as Record<string, unknown>
  const named = JSON_SETTING_NAMES.filter((name) => name in patch)
  if (named.length) {
    const settings = { ...(row?.settings ?? {}) } as Record<string, unknown>
    for (const name of named) {
      settings[name] = data[name]
      delete data[name]
    }
    if (patch.referrals) {
      // Some parts of the referral program changed: the others stay as they were.
      settings.referrals = { ...mergeSettings(defaults, row).referrals, ...patch.referrals }
    }
    data.settings = settings
  }
  if (patch.inactivity_days !== undefined) {
    const before = mergeSettings(defaults, row).inactivity_days
    // Switching it on starts the clock: nobody loses points for the time before.
    if (patch.inactivity_days > 0 && !(before > 0 && row?.inactivity_enabled_at)) {
      data.inactivity_enabled_at = new Date()
    } else if (patch.inactivity_days === 0) {
      data.inactivity_enabled_at = null
    }
  }
  if (patch.holdout_percent !== undefined) {
    const before = mergeSettings(defaults, row).holdout_percent
    // Switching it on starts the draw: customers who signed up before stay enrolled.
    if (patch.holdout_percent > 0 && !(before > 0 && row?.holdout_enabled_at)) {
      data.holdout_enabled_at = new Date()
    } else if (patch.holdout_percent === 0) {
      data.holdout_enabled_at = null
    }
  }
  if (row) {
    // Updates merge JSON objects: a currency or setting left out of a new map must go.
    const replaced = (["point_values", "settings"] as const).filter((name) => data[name])
    if (replaced.length) {
      const cleared = Object.fromEntries(replaced.map((name) => [name, null]))
      await service.updateLoyaltyPrograms({ id: row.id, ...cleared }, sharedContext)
    }
    await service.updateLoyaltyPrograms({ id: row.id, ...data }, sharedContext)
  } else {
    await service.createLoyaltyPrograms(data, sharedContext)
  }
  const [saved] = await service.listLoyaltyPrograms({}, { take: 1 }, sharedContext)
  return mergeSettings(defaults, saved)
}

/**
 * When inactivity expiry counts activity from: the moment it was switched
 * on (recorded now if the plugin options switched it on). Null when off.
 */
export async function inactivityActiveSince(
  service: ProgramRows,
  defaults: ProgramSettings,
  sharedContext: Context
): Promise<Date | null> {
  const [row] = await service.listLoyaltyPrograms({}, { take: 1 }, sharedContext)
  if (!(mergeSettings(defaults, row).inactivity_days > 0)) {
    return null
  }
  if (row?.inactivity_enabled_at) {
    return new Date(row.inactivity_enabled_at)
  }
  const now = new Date()
  if (row) {
    await service.updateLoyaltyPrograms({ id: row.id, inactivity_enabled_at: now }, sharedContext)
  } else {
    await service.createLoyaltyPrograms({ inactivity_enabled_at: now }, sharedContext)
  }
  return now
}

/**
 * The holdout's share and the moment it was switched on (recorded now if the
 * plugin options switched it on); active_since is null when it is off.
 */
export async function holdoutSetting(
  service: ProgramRows,
  defaults: ProgramSettings,
  sharedContext: Context
): Promise<HoldoutSetting> {
  const [row] = await service.listLoyaltyPrograms({}, { take: 1 }, sharedContext)
  const percent = mergeSettings(defaults, row).holdout_percent
  if (!(percent > 0)) {
    return { percent: 0, active_since: null }
  }
  if (row?.holdout_enabled_at) {
    return { percent, active_since: new Date(row.holdout_enabled_at) }
  }
  const now = new Date()
  if (row) {
    await service.updateLoyaltyPrograms({ id: row.id, holdout_enabled_at: now }, sharedContext)
  } else {
    await service.createLoyaltyPrograms({ holdout_enabled_at: now }, sharedContext)
  }
  return { percent, active_since: now }
}

/** Tiers (by threshold), campaigns (newest first) or earning rules, as views. */
export async function listRecords<K extends RecordKind>(
  service: object,
  kind: K,
  filters: Record<string, unknown>,
  sharedContext: Context
): Promise<RecordView[K][]> {
  const { list, order } = RECORD_MODELS[kind]
  const rows = await (service as any)[list](filters, { order }, sharedContext)
  return rows.map(RECORD_VIEWS[kind])
}

export async function retrieveRecord<K extends RecordKind>(service: object, kind: K, id: string, sharedContext: Context) {
  const [record] = await listRecords(service, kind, { id }, sharedContext)
  if (!record) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `${RECORD_NAMES[kind]} ${id} was not found`)
  }
  return record
}

/**
 * Creates a record, or changes the one with `id`, after checking it against
 * the others of its kind (tier thresholds, one rule per target). Edits of
 * one kind take turns, so two at once cannot both pass the check.
 */
export async function saveRecord<K extends RecordKind>(
  service: object,
  store: LedgerStore,
  kind: K,
  input: { id?: string; data: Partial<RecordView[K]> },
  sharedContext: Context
): Promise<RecordView[K]> {
  await store.trx.raw("SELECT pg_advisory_xact_lock(hashtext(?))", [`loyalty_${kind}`])
  const records = await listRecords(service, kind, {}, sharedContext)
  const previous = input.id ? records.find((record) => record.id === input.id) : undefined
  if (input.id && !previous) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `${RECORD_NAMES[kind]} ${input.id} was not found`)
  }
  const record = { ...(previous ?? {}), ...input.data } as RecordView[K]
  const error = RECORD_CHECKS[kind](record, records.filter((other) => other.id !== input.id))
  if (error) {
    throw invalid(error)
  }
  const { create, update } = RECORD_MODELS[kind]
  const saved = previous
    ? await (service as any)[update]({ ...input.data, id: input.id }, sharedContext)
    : await (service as any)[create](input.data, sharedContext)
  return RECORD_VIEWS[kind](saved)
}

/** Deletes a record; returns it as it was (a compensation can save it back with its id). */
export async function deleteRecord<K extends RecordKind>(service: object, kind: K, id: string, sharedContext: Context) {
  const record = await retrieveRecord(service, kind, id, sharedContext)
  await (service as any)[RECORD_MODELS[kind].delete]([id], sharedContext)
  return record
}

/** The settings: the stored row's values over the defaults (the JSON ones by name, null included). */
export function mergeSettings(defaults: ProgramSettings, row?: Record<string, any>): ProgramSettings {
  const settings: Record<string, unknown> = { ...defaults }
  const named = new Set<string>(JSON_SETTING_NAMES)
  for (const name of JSON_SETTING_NAMES) {
    if (row?.settings && Object.prototype.hasOwnProperty.call(row.settings, name)) {
      settings[name] = row.settings[name]
    }
  }
  // A part of the referral program added after the row was saved takes its default.
  settings.referrals = { ...defaults.referrals, ...(settings.referrals as object) }
  for (const name of PROGRAM_SETTING_NAMES) {
    if (named.has(name)) {
      continue
    }
    const value = row?.[name]
    if (value !== null && value !== undefined) {
      settings[name] = typeof defaults[name] === "number" ? Number(value) : value
    }
  }
  return settings as ProgramSettings
}
