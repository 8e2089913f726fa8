import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * A shopper can turn loyalty messages off (POST /store/loyalty/account { notifications_opt_out }),
 * and the win-back job remembers when it last wrote to a quiet shopper.
 */
export class Migration20261203120000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`ALTER TABLE IF EXISTS "loyalty_account" ADD COLUMN IF NOT EXISTS "notifications_opt_out" boolean NOT NULL DEFAULT false;`);
    this.addSql(`ALTER TABLE IF EXISTS "loyalty_account" ADD COLUMN IF NOT EXISTS "winback_sent_at" timestamptz NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`ALTER TABLE IF EXISTS "loyalty_account" DROP COLUMN IF EXISTS "notifications_opt_out";`);
    this.addSql(`ALTER TABLE IF EXISTS "loyalty_account" DROP COLUMN IF EXISTS "winback_sent_at";`);
  }

}
