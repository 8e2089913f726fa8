import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261122112545 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "loyalty_transaction" drop constraint if exists "loyalty_transaction_idempotency_key_unique";`);
    this.addSql(`alter table if exists "loyalty_reservation" drop constraint if exists "loyalty_reservation_cart_id_unique";`);
    this.addSql(`alter table if exists "loyalty_account" drop constraint if exists "loyalty_account_referral_code_unique";`);
    this.addSql(`alter table if exists "loyalty_account" drop constraint if exists "loyalty_account_customer_id_unique";`);
    this.addSql(`create table if not exists "loyalty_account" ("id" text not null, "customer_id" text not null, "balance" integer not null default 0, "pending" integer not null default 0, "reserved" integer not null default 0, "lifetime_earned" integer not null default 0, "lifetime_spent" integer not null default 0, "tier_id" text null, "referral_code" text null, "referred_by_account_id" text null, "birthday" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_account_pkey" primary key ("id"), constraint loyalty_account_pending_not_negative check (pending >= 0), constraint loyalty_account_reserved_not_negative check (reserved >= 0));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_account_deleted_at" ON "loyalty_account" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_loyalty_account_customer_id_unique" ON "loyalty_account" ("customer_id");`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_loyalty_account_referral_code_unique" ON "loyalty_account" ("referral_code") WHERE referral_code IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "loyalty_program" ("id" text not null, "enabled" boolean null, "earn_percent" numeric null, "point_values" jsonb null, "max_redeem_percent" numeric null, "min_redeem_points" integer null, "pending_days" integer null, "expiry_days" integer null, "expiry_warning_days" integer null, "allow_negative_balance" boolean null, "earn_on_shipping" boolean null, "earn_on_tax" boolean null, "reservation_ttl_hours" integer null, "raw_earn_percent" jsonb null, "raw_max_redeem_percent" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_program_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_program_deleted_at" ON "loyalty_program" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "loyalty_reservation" ("id" text not null, "cart_id" text not null, "points" integer not null, "promotion_id" text null, "status" text check ("status" in ('active', 'committed', 'released')) not null default 'active', "expires_at" timestamptz not null, "order_id" text null, "account_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_reservation_pkey" primary key ("id"), constraint loyalty_reservation_points_positive check (points > 0));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_reservation_account_id" ON "loyalty_reservation" ("account_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_reservation_deleted_at" ON "loyalty_reservation" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_loyalty_reservation_cart_id_unique" ON "loyalty_reservation" ("cart_id") WHERE status = 'active' AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_reservation_expires_at" ON "loyalty_reservation" ("expires_at") WHERE status = 'active' AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "loyalty_transaction" ("id" text not null, "type" text check ("type" in ('earn', 'bonus', 'referral', 'adjust', 'redeem', 'reversal', 'restore', 'expire')) not null, "points" integer not null, "status" text check ("status" in ('pending', 'available', 'void')) not null default 'available', "remaining" integer null, "unsettled" integer null, "available_at" timestamptz null, "expires_at" timestamptz null, "order_id" text null, "reference" text null, "reason" text null, "created_by" text null, "idempotency_key" text not null, "details" jsonb null, "account_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_transaction_pkey" primary key ("id"), constraint loyalty_transaction_points_not_zero check (points <> 0 OR type = 'reversal'), constraint loyalty_transaction_remaining_within_lot check (remaining IS NULL OR (points > 0 AND remaining >= 0 AND remaining <= points)), constraint loyalty_transaction_unsettled_within_debit check (unsettled IS NULL OR (points < 0 AND unsettled >= 0 AND unsettled <= -points)));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_transaction_account_id" ON "loyalty_transaction" ("account_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_transaction_deleted_at" ON "loyalty_transaction" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_loyalty_transaction_idempotency_key_unique" ON "loyalty_transaction" ("idempotency_key");`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_transaction_account_id_created_at" ON "loyalty_transaction" ("account_id", "created_at");`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_transaction_order_id" ON "loyalty_transaction" ("order_id") WHERE order_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_transaction_reference" ON "loyalty_transaction" ("reference") WHERE reference IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_transaction_account_id_expires_at" ON "loyalty_transaction" ("account_id", "expires_at") WHERE remaining > 0 AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_transaction_open_debts" ON "loyalty_transaction" ("account_id") WHERE unsettled > 0 AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_transaction_available_at" ON "loyalty_transaction" ("available_at") WHERE status = 'pending' AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_transaction_expires_at" ON "loyalty_transaction" ("expires_at") WHERE status = 'available' AND remaining > 0 AND deleted_at IS NULL;`);

    this.addSql(`alter table if exists "loyalty_reservation" add constraint "loyalty_reservation_account_id_foreign" foreign key ("account_id") references "loyalty_account" ("id") on update cascade;`);

    this.addSql(`alter table if exists "loyalty_transaction" add constraint "loyalty_transaction_account_id_foreign" foreign key ("account_id") references "loyalty_account" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "loyalty_reservation" drop constraint if exists "loyalty_reservation_account_id_foreign";`);

    this.addSql(`alter table if exists "loyalty_transaction" drop constraint if exists "loyalty_transaction_account_id_foreign";`);

    this.addSql(`drop table if exists "loyalty_account" cascade;`);

    this.addSql(`drop table if exists "loyalty_program" cascade;`);

    this.addSql(`drop table if exists "loyalty_reservation" cascade;`);

    this.addSql(`drop table if exists "loyalty_transaction" cascade;`);
  }

}
