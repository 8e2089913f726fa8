import { generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { generateLinkToken, hashLinkToken, looksLikeLinkToken } from "../../../lib/telegram"
import type { LoyaltyTelegramLinkDTO, TelegramBindResult, TelegramLinkToken } from "../../../types/loyalty/module"

const LINK = "loyalty_telegram_link"
const TOKEN = "loyalty_telegram_link_token"

/** Used tokens are kept this long after they expire, so a reused link is told "used", not "unknown". */
const KEEP_USED_TOKENS_DAYS = 30

/**
 * Serialises the link writes of one shopper and of one chat (until the transaction ends): two
 * link requests at once leave one token, two bindings at once of one chat or one shopper
 * replace each other in turn instead of failing on the unique index.
 */
async function lockLinkKeys(trx: Knex.Transaction, keys: string[]) {
  for (const key of [...new Set(keys)].sort()) {
    await trx.raw("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [`loyalty-telegram:${key}`])
  }
}

/** Exactly one non-empty key, so that no call can read or delete every link. */
function oneKey(by: { customer_id: string } | { chat_id: string }) {
  const entries = Object.entries(by).filter(([, value]) => typeof value === "string" && value !== "")
  if (entries.length !== 1 || Object.keys(by).length !== 1) {
    throw new Error("A Telegram link is found by exactly one of customer_id or chat_id")
  }
  return Object.fromEntries(entries)
}

/**
 * A new one-time link token for the shopper, valid `ttlMinutes`. Their unused
 * tokens are dropped (only the newest link works), and their tokens long
 * expired too. Returns the token itself: the database keeps only its hash.
 */
export async function createTelegramLinkToken(
  trx: Knex.Transaction,
  customerId: string,
  ttlMinutes: number,
  now = new Date()
): Promise<TelegramLinkToken> {
  await lockLinkKeys(trx, [`customer:${customerId}`])
  await trx(TOKEN)
    .where({ customer_id: customerId })
    .andWhere((where) =>
      where.whereNull("used_at").orWhere("expires_at", "<", new Date(now.getTime() - KEEP_USED_TOKENS_DAYS * 86_400_000))
    )
    .delete()
  const token = generateLinkToken()
  const expires_at = new Date(now.getTime() + ttlMinutes * 60_000)
  await trx(TOKEN).insert({ id: generateEntityId(undefined, "lytt"), token_hash: hashLinkToken(token), customer_id: customerId, expires_at })
  return { token, expires_at }
}

/**
 * Binds the chat that sent `/start <token>` to the token's shopper, once: the
 * token is locked, must be unused and unexpired, and is marked used by this
 * chat. The shopper's earlier chat, and the chat's earlier shopper, are
 * unlinked (one chat per customer, one customer per chat). The same update
 * delivered again (the token used by this very chat, which is still linked to
 * its shopper) answers linked again and changes nothing.
 */
export async function bindTelegramChat(trx: Knex.Transaction, token: string, chatId: string, now = new Date()): Promise<TelegramBindResult> {
  if (!looksLikeLinkToken(token)) {
    return { linked: false, reason: "unknown" }
  }
  const tokenHash = hashLinkToken(token)
  const seen = await trx(TOKEN).select("customer_id").where({ token_hash: tokenHash }).first()
  if (!seen) {
    return { linked: false, reason: "unknown" }
  }
  // The shopper's and the chat's locks before the token's row, in the order a link request takes
  // them (its lock, then the shopper's token rows): the other way round the two deadlock.
  await lockLinkKeys(trx, [`customer:${seen.customer_id}`, `chat:${chatId}`])
  const row = await trx(TOKEN).where({ token_hash: tokenHash }).forUpdate().first()
  if (!row) {
    // A link request since dropped it (unused): the shopper asked for a newer link.
    return { linked: false, reason: "unknown" }
  }
  if (row.used_at) {
    const link = await trx(LINK).where({ customer_id: row.customer_id, chat_id: chatId }).first()
    return row.chat_id === chatId && link ? { linked: true, customer_id: row.customer_id, replayed: true } : { linked: false, reason: "used" }
  }
  if (new Date(row.expires_at).getTime() <= now.getTime()) {
    return { linked: false, reason: "expired" }
  }
  await trx(TOKEN).where({ id: row.id }).update({ used_at: now, chat_id: chatId, updated_at: now })
  await trx(LINK).where({ customer_id: row.customer_id }).orWhere({ chat_id: chatId }).delete()
  await trx(LINK).insert({ id: generateEntityId(undefined, "lytg"), customer_id: row.customer_id, chat_id: chatId, linked_at: now })
  return { linked: true, customer_id: row.customer_id, replayed: false }
}

/** Removes the shopper's link, or the chat's; the link as it was, null when there was none. */
export async function unlinkTelegram(
  trx: Knex.Transaction,
  by: { customer_id: string } | { chat_id: string }
): Promise<LoyaltyTelegramLinkDTO | null> {
  const [link] = await trx(LINK).where(oneKey(by)).delete().returning("*")
  return link ?? null
}

/** Puts an unlinked chat back (the compensation of an unlink), unless either side was linked since. */
export async function restoreTelegramLink(trx: Knex.Transaction, link: LoyaltyTelegramLinkDTO) {
  await trx.raw(
    `INSERT INTO ${LINK} (id, customer_id, chat_id, linked_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    [link.id, link.customer_id, link.chat_id, link.linked_at]
  )
}

/** The shopper's link, or the chat's; null when there is none. */
export async function readTelegramLink(knex: Knex, by: { customer_id: string } | { chat_id: string }): Promise<LoyaltyTelegramLinkDTO | null> {
  return (await knex(LINK).where(oneKey(by)).first()) ?? null
}
