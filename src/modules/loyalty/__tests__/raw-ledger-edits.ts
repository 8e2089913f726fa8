import type { SuiteOptions } from "@medusajs/test-utils"

/**
 * Edits made behind the ledger's back, by raw SQL on the test database's
 * connection: what the passing of time (or a bug, for drift) does to rows
 * that no service method may change, since the ledger is append-only and its
 * generated update methods refuse. Tests only.
 */
export function rawLedgerEdits(MikroOrmWrapper: SuiteOptions["MikroOrmWrapper"]) {
  const knex = () => MikroOrmWrapper.getManager().getKnex()
  return {
    /** Time passed for a lot: it expires (or expired) at `at`. */
    async backdateLotExpiry(lotId: string, at: Date) {
      await knex()("loyalty_transaction").where({ id: lotId }).update({ expires_at: at })
    },
    /** Time passed for an account: its shopper last earned or spent at `at`. */
    async backdateLastActivity(accountId: string, at: Date) {
      await knex()("loyalty_account").where({ id: accountId }).update({ last_activity_at: at })
    },
    /** A cached figure drifts from the ledger, as a bug would make it. */
    async overwriteAccountFigure(accountId: string, figure: "balance" | "pending" | "reserved", points: number) {
      await knex()("loyalty_account").where({ id: accountId }).update({ [figure]: points })
    },
  }
}
