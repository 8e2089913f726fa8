import { model } from "@medusajs/framework/utils"

/**
 * Events written in the same transaction as the ledger rows they announce, and
 * emitted afterwards (see ledger/outbox.ts): a job killed between its commit
 * and its emit loses no event, the next delivery sends it.
 */
export const LoyaltyOutboxEvent = model
  .define("loyalty_outbox_event", {
    id: model.id({ prefix: "lyevt" }).primaryKey(),
    name: model.text(),
    data: model.json(),
  })
  // Delivery's order (oldest first): read straight off the index, not by sorting the whole
  // outbox for each batch, which after a large expiry run holds 100 000 events.
  .indexes([{ on: ["created_at", "id"] }])
