import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201090000 extends Migration {

  override async up(): Promise<void> {
    // Delivery takes the oldest events first: (created_at, id) lets it read them off the index.
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_outbox_event_created_at_id" ON "loyalty_outbox_event" ("created_at", "id") WHERE deleted_at IS NULL;`);
    this.addSql(`DROP INDEX IF EXISTS "IDX_loyalty_outbox_event_created_at";`);
  }

  override async down(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_outbox_event_created_at" ON "loyalty_outbox_event" ("created_at");`);
    this.addSql(`DROP INDEX IF EXISTS "IDX_loyalty_outbox_event_created_at_id";`);
  }

}
