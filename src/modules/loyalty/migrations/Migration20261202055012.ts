import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * An account's reversals, off an index of their own: the tier points on every read of the
 * account page (and the daily tier recompute, account by account) subtract what reversals took
 * back of the window's earnings, and finding an account's reversals went through all of its
 * rows on the (account_id, created_at) index and the heap, to find none for most shoppers. For
 * a shopper with 10 000 rows in a ledger of 1 000 000, that part of the read took 1.5 to 2 ms;
 * off this index it takes microseconds. Reversals are few, so the index is small and costs the
 * jobs nothing (expiry writes no reversals).
 */
export class Migration20261202055012 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_transaction_reversals" ON "loyalty_transaction" ("account_id") WHERE type = 'reversal' AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_loyalty_transaction_reversals";`);
  }

}
