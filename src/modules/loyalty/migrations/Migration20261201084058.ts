import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201084058 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "loyalty_tier" drop constraint if exists "loyalty_tier_min_points_unique";`);
    this.addSql(`alter table if exists "loyalty_rule" drop constraint if exists "loyalty_rule_target_type_target_id_unique";`);
    this.addSql(`create table if not exists "loyalty_campaign" ("id" text not null, "name" text not null, "starts_at" timestamptz not null, "ends_at" timestamptz null, "customer_group_ids" jsonb null, "kind" text check ("kind" in ('extra_percent', 'multiplier')) not null, "extra_percent" numeric null, "multiplier" numeric null, "raw_extra_percent" jsonb null, "raw_multiplier" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_campaign_pkey" primary key ("id"), constraint loyalty_campaign_ends_after_start check (ends_at IS NULL OR ends_at > starts_at));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_campaign_deleted_at" ON "loyalty_campaign" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_campaign_starts_at_ends_at" ON "loyalty_campaign" ("starts_at", "ends_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "loyalty_rule" ("id" text not null, "name" text null, "target_type" text check ("target_type" in ('product', 'category', 'collection', 'customer_group')) not null, "target_id" text not null, "kind" text check ("kind" in ('percent', 'points_per_unit', 'exclude')) not null, "percent" numeric null, "points_per_unit" integer null, "exclude_earning" boolean null, "exclude_redemption" boolean null, "raw_percent" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_rule_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_rule_deleted_at" ON "loyalty_rule" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_loyalty_rule_target_type_target_id_unique" ON "loyalty_rule" ("target_type", "target_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "loyalty_tier" ("id" text not null, "name" text not null, "min_points" integer not null, "multiplier" numeric not null, "raw_multiplier" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_tier_pkey" primary key ("id"), constraint loyalty_tier_min_points_not_negative check (min_points >= 0), constraint loyalty_tier_multiplier_positive check (multiplier > 0));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_tier_deleted_at" ON "loyalty_tier" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_loyalty_tier_min_points_unique" ON "loyalty_tier" ("min_points") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "loyalty_account" add column if not exists "newsletter_opt_in" boolean null;`);

    this.addSql(`alter table if exists "loyalty_program" add column if not exists "settings" jsonb null;`);

  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "loyalty_campaign" cascade;`);

    this.addSql(`drop table if exists "loyalty_rule" cascade;`);

    this.addSql(`drop table if exists "loyalty_tier" cascade;`);

    this.addSql(`alter table if exists "loyalty_account" drop column if exists "newsletter_opt_in";`);

    this.addSql(`alter table if exists "loyalty_program" drop column if exists "settings";`);

  }

}
