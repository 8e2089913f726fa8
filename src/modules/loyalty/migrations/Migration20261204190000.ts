import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * The report reads a period's ledger rows (points per month, active members) by when they
 * were written, across all accounts: without this it read the whole ledger for any period.
 */
export class Migration20261204190000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_transaction_created_at" ON "loyalty_transaction" ("created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_loyalty_transaction_created_at";`);
  }

}
