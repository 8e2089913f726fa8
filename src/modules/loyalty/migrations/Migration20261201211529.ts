import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * How far each scheduled job got (`loyalty_job_run`): the local date of its last run that
 * finished every account, so the birthday job's next run pays the days a run missed.
 */
export class Migration20261201211529 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "loyalty_job_run" ("name" text not null, "last_completed_on" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "loyalty_job_run_pkey" primary key ("name"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_job_run_deleted_at" ON "loyalty_job_run" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "loyalty_job_run" cascade;`);
  }

}
