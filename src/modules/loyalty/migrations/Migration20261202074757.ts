import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Referral review: why a binding waits for an admin and until when, and the decision
 * (`loyalty_referral` flag and review columns, the queue's index); the refusal reasons of the
 * anti-fraud checks (same e-mail, phone or address, a disposable e-mail, the monthly cap).
 */
export class Migration20261202074757 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "loyalty_referral_refusal" drop constraint if exists "loyalty_referral_refusal_reason_check";`);

    this.addSql(`alter table if exists "loyalty_referral" add column if not exists "flag_reason" text null, add column if not exists "flagged_at" timestamptz null, add column if not exists "review_deadline_at" timestamptz null, add column if not exists "reviewed_at" timestamptz null, add column if not exists "reviewed_by" text null, add column if not exists "review_note" text null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_loyalty_referral_review_deadline_at" ON "loyalty_referral" ("review_deadline_at") WHERE status = 'flagged' AND deleted_at IS NULL;`);

    this.addSql(`alter table if exists "loyalty_referral_refusal" add constraint "loyalty_referral_refusal_reason_check" check("reason" in ('unknown_code', 'self_referral', 'already_referred', 'referral_loop', 'existing_customer', 'same_email', 'same_phone', 'same_address', 'disposable_email', 'monthly_cap'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "loyalty_referral_refusal" drop constraint if exists "loyalty_referral_refusal_reason_check";`);

    this.addSql(`drop index if exists "IDX_loyalty_referral_review_deadline_at";`);
    this.addSql(`alter table if exists "loyalty_referral" drop column if exists "flag_reason", drop column if exists "flagged_at", drop column if exists "review_deadline_at", drop column if exists "reviewed_at", drop column if exists "reviewed_by", drop column if exists "review_note";`);

    this.addSql(`alter table if exists "loyalty_referral_refusal" add constraint "loyalty_referral_refusal_reason_check" check("reason" in ('unknown_code', 'self_referral', 'already_referred', 'referral_loop', 'existing_customer'));`);
  }

}
