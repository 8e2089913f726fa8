import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261122224322 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "loyalty_transaction" add column if not exists "expiry_warned_at" timestamptz null;`);
    this.addSql(`alter table if exists "loyalty_account" add column if not exists "last_activity_at" timestamptz null, add column if not exists "inactivity_warned_at" timestamptz null;`);
    this.addSql(`alter table if exists "loyalty_program" add column if not exists "inactivity_days" integer null, add column if not exists "inactivity_enabled_at" timestamptz null;`);

    this.addSql(`create table if not exists "loyalty_outbox_event" ("id" text not null, "name" text not null, "data" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_outbox_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_outbox_event_deleted_at" ON "loyalty_outbox_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_outbox_event_created_at" ON "loyalty_outbox_event" ("created_at");`);

    // Existing shoppers' last activity, from the ledger they already have.
    this.addSql(`update "loyalty_account" a set "last_activity_at" = t.last from (select "account_id", max("created_at") as last from "loyalty_transaction" where "type" in ('earn', 'bonus', 'referral', 'redeem') group by "account_id") t where t."account_id" = a."id" and a."last_activity_at" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "loyalty_outbox_event" cascade;`);
    this.addSql(`alter table if exists "loyalty_program" drop column if exists "inactivity_days", drop column if exists "inactivity_enabled_at";`);
    this.addSql(`alter table if exists "loyalty_account" drop column if exists "last_activity_at", drop column if exists "inactivity_warned_at";`);
    this.addSql(`alter table if exists "loyalty_transaction" drop column if exists "expiry_warned_at";`);
  }

}
