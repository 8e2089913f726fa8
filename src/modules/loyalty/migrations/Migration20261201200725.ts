import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * A hold remembers the lots its points come from (`lots`, [{ lot_id, points }]), so expiry and
 * other debits can leave those parts to the cart, and an index finds an account's active holds.
 * Holds active now get their lots as the service allocates them: each account's holds, oldest
 * first, take its available lots' remaining points first-expiring first. A lot past its time
 * that still has points has them only because a hold spared them, and it comes first, so
 * those points stay held. A hold that clawbacks left uncovered gets fewer lots than points;
 * its order then pays the rest from unheld lots or as debt, as before.
 */
export class Migration20261201200725 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "loyalty_reservation" add column if not exists "lots" jsonb not null default '[]';`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_reservation_active_account_id" ON "loyalty_reservation" ("account_id") WHERE status = 'active' AND deleted_at IS NULL;`);
    // Each hold and each lot is a range of the account's points; a hold takes what its range overlaps.
    this.addSql(`
      WITH holds AS (
        SELECT r.id, r.account_id, r.points,
          SUM(r.points) OVER (PARTITION BY r.account_id ORDER BY r.created_at, r.id) - r.points AS start
        FROM loyalty_reservation r WHERE r.status = 'active' AND r.deleted_at IS NULL
      ), lots AS (
        SELECT t.id, t.account_id, t.remaining, t.expires_at, t.created_at,
          SUM(t.remaining) OVER (PARTITION BY t.account_id
            ORDER BY t.expires_at ASC NULLS LAST, t.created_at, t.id) - t.remaining AS start
        FROM loyalty_transaction t
        WHERE t.status = 'available' AND t.remaining > 0 AND t.deleted_at IS NULL
          AND t.account_id IN (SELECT account_id FROM holds)
      ), parts AS (
        SELECT h.id AS reservation_id, l.id AS lot_id, l.expires_at, l.created_at,
          LEAST(h.start + h.points, l.start + l.remaining) - GREATEST(h.start, l.start) AS points
        FROM holds h JOIN lots l ON l.account_id = h.account_id
        WHERE l.start < h.start + h.points AND h.start < l.start + l.remaining
      )
      UPDATE loyalty_reservation r SET lots = p.lots
      FROM (
        SELECT reservation_id, jsonb_agg(jsonb_build_object('lot_id', lot_id, 'points', points)
          ORDER BY expires_at ASC NULLS LAST, created_at, lot_id) AS lots
        FROM parts GROUP BY reservation_id
      ) p
      WHERE r.id = p.reservation_id;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_loyalty_reservation_active_account_id";`);
    this.addSql(`alter table if exists "loyalty_reservation" drop column if exists "lots";`);
  }

}
