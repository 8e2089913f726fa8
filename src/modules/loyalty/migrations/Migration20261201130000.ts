import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Ids and keys compare byte by byte (COLLATE "C"): they are never sorted for people, and a
 * database's linguistic collation (en_US.UTF-8, even C.UTF-8) compares text through strcoll,
 * which was about a tenth of the work of writing a ledger row, for every index entry. The
 * account id and the ledger's and reservations' account_id take the same collation, so the
 * batch jobs page through accounts in one order. DML cannot declare a collation; the snapshot does not
 * track one, so db:generate leaves these be.
 */
const COLUMNS: [table: string, column: string][] = [
  ["loyalty_account", "id"],
  ["loyalty_transaction", "id"],
  ["loyalty_transaction", "account_id"],
  ["loyalty_transaction", "idempotency_key"],
  ["loyalty_transaction", "order_id"],
  ["loyalty_transaction", "reference"],
  ["loyalty_reservation", "account_id"],
];

export class Migration20261201130000 extends Migration {

  override async up(): Promise<void> {
    for (const [table, column] of COLUMNS) {
      this.addSql(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE text COLLATE "C";`);
    }
  }

  override async down(): Promise<void> {
    for (const [table, column] of COLUMNS) {
      this.addSql(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE text COLLATE "default";`);
    }
  }

}
