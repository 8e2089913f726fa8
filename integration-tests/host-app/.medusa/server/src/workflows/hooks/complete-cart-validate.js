// A store's own checkout rule, as host apps register it: Medusa allows one handler per
// core workflow hook per app, and this one belongs to the store, not to a plugin. The
// test app loads it beside medusa-loyalty to prove the plugin needs no hook of its own.
const { completeCartWorkflow } = require("@medusajs/medusa/core-flows")
const { MedusaError } = require("@medusajs/framework/utils")

completeCartWorkflow.hooks.validate(async ({ cart }) => {
  if (cart?.metadata?.host_app_blocks_checkout) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The store's own checkout rule refused this cart")
  }
})
