import { Module } from "@medusajs/framework/utils"
import checkStartUp from "./loaders/check-start-up"
import warnSingleInstance from "./loaders/warn-single-instance"
import LoyaltyModuleService from "./service"

// Not "loyalty": that is @medusajs/loyalty-plugin's module, and a store may run both.
export const LOYALTY_MODULE = "loyaltyPoints"

export default Module(LOYALTY_MODULE, {
  service: LoyaltyModuleService,
  loaders: [checkStartUp, warnSingleInstance],
})

export * from "./program-settings"
export type { LoyaltyModuleService }
/** The service as callers should type it: `container.resolve<ILoyaltyModuleService>(LOYALTY_MODULE)`. */
export type { ILoyaltyModuleService } from "../../types/loyalty"
