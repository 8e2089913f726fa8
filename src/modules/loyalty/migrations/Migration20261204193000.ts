import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * The holdout group (issue 21): each account keeps its draw, and the program when the holdout
 * was switched on. The share itself is in the program's settings JSON.
 */
export class Migration20261204193000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`ALTER TABLE IF EXISTS "loyalty_account" ADD COLUMN IF NOT EXISTS "holdout" boolean NULL;`);
    this.addSql(`ALTER TABLE IF EXISTS "loyalty_program" ADD COLUMN IF NOT EXISTS "holdout_enabled_at" timestamptz NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`ALTER TABLE IF EXISTS "loyalty_account" DROP COLUMN IF EXISTS "holdout";`);
    this.addSql(`ALTER TABLE IF EXISTS "loyalty_program" DROP COLUMN IF EXISTS "holdout_enabled_at";`);
  }

}
