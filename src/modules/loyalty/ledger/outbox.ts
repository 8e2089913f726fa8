import { generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { OutboxEvent } from "../../../types/loyalty/module"

export type { OutboxEvent }

/**
 * Takes up to `limit` undelivered events, oldest first, that no other
 * delivery holds, hands them to `send`, and deletes them once it returns. If
 * `send` throws, nothing is deleted and they go out next time; if the process
 * dies after sending, they go out again: delivery is at least once, like
 * every Medusa event, and each event's data carries what a consumer needs to
 * tell a repeat.
 */
export async function deliverOutbox(
  trx: Knex.Transaction,
  limit: number,
  send: (events: OutboxEvent[]) => Promise<void>
): Promise<number> {
  const events: OutboxEvent[] = await trx("loyalty_outbox_event")
    .select("id", "name", "data")
    .whereNull("deleted_at")
    .orderBy([{ column: "created_at" }, { column: "id" }])
    .limit(limit)
    .forUpdate()
    .skipLocked()
  if (!events.length) {
    return 0
  }
  await send(events.map((event) => ({ ...event, data: { ...event.data, event_id: event.id } })))
  await trx("loyalty_outbox_event").whereIn("id", events.map((event) => event.id)).delete()
  return events.length
}

/** Writes one event for the outbox, on the caller's transaction. */
export async function addToOutbox(trx: Knex.Transaction, name: string, data: Record<string, unknown>) {
  await trx("loyalty_outbox_event").insert({ id: generateEntityId(undefined, "lyevt"), name, data })
}
