import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Referrals: every referral code a shopper had (`loyalty_referral_code`: a replaced code keeps
 * working, none goes to two shoppers; a code already on an account is carried over), a referee
 * bound to their referrer once (`loyalty_referral`), and the bindings refused
 * (`loyalty_referral_refusal`).
 */
export class Migration20261202055402 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "loyalty_referral_code" drop constraint if exists "loyalty_referral_code_code_unique";`);
    this.addSql(`alter table if exists "loyalty_referral" drop constraint if exists "loyalty_referral_referee_account_id_unique";`);
    this.addSql(`create table if not exists "loyalty_referral" ("id" text not null, "referee_account_id" text not null, "referrer_account_id" text not null, "source" text check ("source" in ('code', 'coupon', 'site')) not null, "code" text null, "status" text check ("status" in ('bound', 'flagged', 'rejected', 'unbound')) not null default 'bound', "bound_at" timestamptz not null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_referral_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_deleted_at" ON "loyalty_referral" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_loyalty_referral_referee_account_id_unique" ON "loyalty_referral" ("referee_account_id");`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_referrer_account_id" ON "loyalty_referral" ("referrer_account_id");`);

    this.addSql(`create table if not exists "loyalty_referral_code" ("id" text not null, "code" text not null, "account_id" text not null, "chosen" boolean not null default false, "retired_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_referral_code_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_code_deleted_at" ON "loyalty_referral_code" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_loyalty_referral_code_code_unique" ON "loyalty_referral_code" ("code");`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_code_account_id" ON "loyalty_referral_code" ("account_id");`);
    this.addSql(`insert into "loyalty_referral_code" ("id", "code", "account_id") select 'lyrc_' || "id", upper("referral_code"), "id" from "loyalty_account" where "referral_code" is not null on conflict ("code") do nothing;`);

    this.addSql(`create table if not exists "loyalty_referral_refusal" ("id" text not null, "customer_id" text not null, "code" text null, "referrer_account_id" text null, "reason" text check ("reason" in ('unknown_code', 'self_referral', 'already_referred', 'referral_loop', 'existing_customer')) not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_referral_refusal_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_refusal_deleted_at" ON "loyalty_referral_refusal" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_refusal_customer_id" ON "loyalty_referral_refusal" ("customer_id");`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_refusal_referrer_account_id" ON "loyalty_referral_refusal" ("referrer_account_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "loyalty_referral" cascade;`);

    this.addSql(`drop table if exists "loyalty_referral_code" cascade;`);

    this.addSql(`drop table if exists "loyalty_referral_refusal" cascade;`);
  }

}
