import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Referring sites: a referrer's site origins with their verification token and review
 * (`loyalty_referral_site`, one verified or approved owner per origin), and the visits that
 * arrive from an approved site or an external source (`loyalty_referral_visit`, hashes only).
 */
export class Migration20261202075338 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "loyalty_referral_site" drop constraint if exists "loyalty_referral_site_origin_unique";`);
    this.addSql(`alter table if exists "loyalty_referral_site" drop constraint if exists "loyalty_referral_site_account_id_origin_unique";`);
    this.addSql(`create table if not exists "loyalty_referral_site" ("id" text not null, "account_id" text not null, "origin" text not null, "token" text not null, "status" text check ("status" in ('pending', 'verified', 'approved', 'rejected')) not null default 'pending', "verified_at" timestamptz null, "approved_at" timestamptz null, "rejected_at" timestamptz null, "reviewed_by" text null, "review_note" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_referral_site_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_site_deleted_at" ON "loyalty_referral_site" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_loyalty_referral_site_account_id_origin_unique" ON "loyalty_referral_site" ("account_id", "origin");`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_loyalty_referral_site_origin_unique" ON "loyalty_referral_site" ("origin") WHERE status IN ('verified', 'approved') AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_site_status" ON "loyalty_referral_site" ("status");`);

    this.addSql(`create table if not exists "loyalty_referral_visit" ("id" text not null, "referrer_origin" text null, "site_id" text null, "utm_source" text null, "utm_medium" text null, "utm_campaign" text null, "ip_hash" text null, "user_agent_hash" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_referral_visit_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_visit_deleted_at" ON "loyalty_referral_visit" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_visit_ip_hash_created_at" ON "loyalty_referral_visit" ("ip_hash", "created_at");`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_visit_site_id" ON "loyalty_referral_visit" ("site_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "loyalty_referral_site" cascade;`);

    this.addSql(`drop table if exists "loyalty_referral_visit" cascade;`);
  }

}
