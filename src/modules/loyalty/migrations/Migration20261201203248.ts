import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * The ledger check's runs (`loyalty_ledger_check`): progress while one runs, its result after,
 * kept so every server instance answers the same last check; at most one running at a time.
 */
export class Migration20261201203248 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "loyalty_ledger_check" ("id" text not null, "status" text check ("status" in ('running', 'completed', 'failed')) not null default 'running', "trigger" text check ("trigger" in ('schedule', 'admin')) not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "last_account_id" text null, "accounts_checked" integer not null default 0, "accounts_drifted" integer not null default 0, "drifted" jsonb not null default '[]', "error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_ledger_check_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_ledger_check_deleted_at" ON "loyalty_ledger_check" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_loyalty_ledger_check_running" ON "loyalty_ledger_check" ("status") WHERE status = 'running' AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_ledger_check_started_at" ON "loyalty_ledger_check" ("started_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "loyalty_ledger_check" cascade;`);
  }

}
