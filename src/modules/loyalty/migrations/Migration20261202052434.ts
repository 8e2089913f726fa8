import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Referral codes (`loyalty_referral_code`): every code a shopper had, so a replaced code keeps
 * working and no code goes to two shoppers. A code already on an account is carried over.
 */
export class Migration20261202052434 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "loyalty_referral_code" drop constraint if exists "loyalty_referral_code_code_unique";`);
    this.addSql(`create table if not exists "loyalty_referral_code" ("id" text not null, "code" text not null, "account_id" text not null, "chosen" boolean not null default false, "retired_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_referral_code_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_code_deleted_at" ON "loyalty_referral_code" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_loyalty_referral_code_code_unique" ON "loyalty_referral_code" ("code");`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_code_account_id" ON "loyalty_referral_code" ("account_id") WHERE deleted_at IS NULL;`);
    this.addSql(`insert into "loyalty_referral_code" ("id", "code", "account_id") select 'lyrc_' || "id", upper("referral_code"), "id" from "loyalty_account" where "referral_code" is not null on conflict ("code") do nothing;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "loyalty_referral_code" cascade;`);
  }

}
