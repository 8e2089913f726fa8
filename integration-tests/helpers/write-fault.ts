import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

/**
 * A write the database refuses, as a crash or a lost connection would at that point: rows
 * inserted into (or updated in) `table` for which the SQL condition `when` holds (on NEW and,
 * for updates, OLD). The step making that write fails after every write before it committed.
 */
export type WriteFault = { table: string; on: "INSERT" | "UPDATE"; when: string }

/** The ledger insert whose idempotency key matches a LIKE pattern. */
export const ledgerInsertFault = (keyLike: string): WriteFault => ({
  table: "loyalty_transaction",
  on: "INSERT",
  when: `NEW.idempotency_key LIKE '${keyLike.replace(/'/g, "''")}'`,
})

/** A shopper's tier changing. */
export const tierChangeFault: WriteFault = {
  table: "loyalty_account",
  on: "UPDATE",
  when: "OLD.tier_id IS DISTINCT FROM NEW.tier_id",
}

/** Installs a PostgreSQL trigger that raises on the fault's write; returns what removes it. */
export async function injectWriteFault(container: MedusaContainer, fault: WriteFault) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  await knex.raw(`CREATE OR REPLACE FUNCTION loyalty_test_fault() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'injected fault on % of %', TG_OP, TG_TABLE_NAME; END $$ LANGUAGE plpgsql`)
  await knex.raw(
    `CREATE TRIGGER loyalty_test_fault BEFORE ${fault.on} ON ${fault.table} FOR EACH ROW
     WHEN (${fault.when}) EXECUTE FUNCTION loyalty_test_fault()`
  )
  return () => knex.raw(`DROP TRIGGER IF EXISTS loyalty_test_fault ON ${fault.table}`)
}

/**
 * Medusa's event bus refuses every emit that carries `eventName` while `action` runs, as a bus
 * that is down would; what the plugin could not send must wait in its outbox.
 */
export async function withEventRefused<T>(container: MedusaContainer, eventName: string, action: () => Promise<T>) {
  const eventBus = container.resolve(Modules.EVENT_BUS) as any
  const emit = eventBus.emit
  eventBus.emit = async (data: any, options?: any) => {
    const events = Array.isArray(data) ? data : [data]
    if (events.some((event: any) => event?.name === eventName)) {
      throw new Error(`injected: the event bus refuses ${eventName}`)
    }
    return emit.call(eventBus, data, options)
  }
  try {
    return await action()
  } finally {
    eventBus.emit = emit
  }
}
