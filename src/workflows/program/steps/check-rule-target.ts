import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep } from "@medusajs/framework/workflows-sdk"
import { LOYALTY_MODULE } from "../../../modules/loyalty"
import type { RuleView } from "../../../modules/loyalty/program/records"
import type { ILoyaltyModuleService } from "../../../types/loyalty"
import type { SaveProgramRecordInput } from "./save-program-record"

const ENTITIES: Record<RuleView["target_type"], string> = {
  product: "product",
  category: "product_category",
  collection: "product_collection",
  customer_group: "customer_group",
}

/** A rule must name a product, category, collection or customer group that exists: a typo would silently do nothing. */
export const checkRuleTargetStep = createStep(
  "loyalty-check-rule-target",
  async (input: SaveProgramRecordInput, { container }) => {
    if (input.kind !== "rule") {
      return
    }
    const data = input.data as Partial<RuleView>
    if (data.target_type === undefined && data.target_id === undefined) {
      return
    }
    const loyalty: ILoyaltyModuleService = container.resolve(LOYALTY_MODULE)
    const previous = input.id ? await loyalty.retrieveRecord("rule", input.id) : null
    const type = data.target_type ?? previous?.target_type
    const id = data.target_id ?? previous?.target_id
    if (!type || !id) {
      return
    }
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: found } = await query.graph({ entity: ENTITIES[type], fields: ["id"], filters: { id } })
    if (!found.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `target_id: there is no ${type.replace("_", " ")} ${id}`)
    }
  }
)
