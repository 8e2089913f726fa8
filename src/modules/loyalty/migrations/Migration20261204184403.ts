import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Telegram: a shopper's linked chat (`loyalty_telegram_link`, one chat per customer and one
 * customer per chat) and the one-time tokens of the deep links that bind it
 * (`loyalty_telegram_link_token`, only their SHA-256 kept).
 */
export class Migration20261204184403 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "loyalty_telegram_link_token" drop constraint if exists "loyalty_telegram_link_token_token_hash_unique";`);
    this.addSql(`alter table if exists "loyalty_telegram_link" drop constraint if exists "loyalty_telegram_link_chat_id_unique";`);
    this.addSql(`alter table if exists "loyalty_telegram_link" drop constraint if exists "loyalty_telegram_link_customer_id_unique";`);
    this.addSql(`create table if not exists "loyalty_telegram_link" ("id" text not null, "customer_id" text not null, "chat_id" text not null, "linked_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_telegram_link_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_telegram_link_deleted_at" ON "loyalty_telegram_link" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_loyalty_telegram_link_customer_id_unique" ON "loyalty_telegram_link" ("customer_id");`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_loyalty_telegram_link_chat_id_unique" ON "loyalty_telegram_link" ("chat_id");`);

    this.addSql(`create table if not exists "loyalty_telegram_link_token" ("id" text not null, "token_hash" text not null, "customer_id" text not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "chat_id" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_telegram_link_token_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_telegram_link_token_deleted_at" ON "loyalty_telegram_link_token" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_loyalty_telegram_link_token_token_hash_unique" ON "loyalty_telegram_link_token" ("token_hash");`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_telegram_link_token_customer_id" ON "loyalty_telegram_link_token" ("customer_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "loyalty_telegram_link" cascade;`);

    this.addSql(`drop table if exists "loyalty_telegram_link_token" cascade;`);
  }

}
