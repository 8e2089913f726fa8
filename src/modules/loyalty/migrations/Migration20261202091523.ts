import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Referral anti-fraud: the keyed hash of the device a shopper last used the loyalty routes from
 * (`loyalty_account.device_hash`, `device_seen_at`), and the unknown referral codes tried per
 * IP hash (`loyalty_referral_attempt`) for the per-address claim limit.
 */
export class Migration20261202091523 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "loyalty_referral_attempt" ("id" text not null, "ip_hash" text not null, "code" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_referral_attempt_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_attempt_deleted_at" ON "loyalty_referral_attempt" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_attempt_ip_hash_created_at" ON "loyalty_referral_attempt" ("ip_hash", "created_at");`);

    this.addSql(`alter table if exists "loyalty_account" add column if not exists "device_hash" text null, add column if not exists "device_seen_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "loyalty_referral_attempt" cascade;`);

    this.addSql(`alter table if exists "loyalty_account" drop column if exists "device_hash", drop column if exists "device_seen_at";`);
  }

}
