import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import LoyaltyModule from "../modules/loyalty"

/**
 * An account's customer, for query.graph (`customer.email` on a
 * loyalty_account). Read-only: the account already stores customer_id, so
 * there is no link table to keep in step.
 */
export default defineLink(
  { linkable: LoyaltyModule.linkable.loyaltyAccount, field: "customer_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
