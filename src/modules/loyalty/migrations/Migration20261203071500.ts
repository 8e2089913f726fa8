import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Visits by age: the hourly review job forgets visits too old to bind anyone (30 days), oldest
 * first, a batch at a time; without this index each batch read the whole table.
 */
export class Migration20261203071500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_visit_created_at" ON "loyalty_referral_visit" ("created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_loyalty_referral_visit_created_at";`);
  }

}
