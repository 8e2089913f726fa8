// A store's own subscriber (README, "Telling shoppers their points expire"): it
// turns loyalty.points_expiring into an email through Medusa's Notification
// Module. The demo store's local provider writes it to the log. Once the program's
// `notifications` setting names a channel for points_expiring, the plugin sends it
// itself, and this one steps aside (both use the same idempotency key, so even at
// once only one message goes out).
const { ContainerRegistrationKeys, Modules } = require("@medusajs/framework/utils")

async function loyaltyPointsExpiringHandler({ event, container }) {
  const { notifications } = await container.resolve("loyaltyPoints").getProgramSettings()
  if (notifications?.points_expiring) {
    return
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [customer],
  } = await query.graph({
    entity: "customer",
    fields: ["email", "first_name"],
    filters: { id: event.data.customer_id },
  })
  if (!customer?.email) {
    return
  }
  await container.resolve(Modules.NOTIFICATION).createNotifications({
    to: customer.email,
    channel: "email",
    template: "loyalty-points-expiring",
    data: {
      first_name: customer.first_name,
      points: event.data.points,
      expires_at: event.data.expires_at,
      reason: event.data.reason,
    },
    // Events arrive at least once: the key makes a repeat send nothing.
    idempotency_key: `loyalty-points-expiring:${event.data.event_id}`,
  })
}

exports.default = loyaltyPointsExpiringHandler
exports.config = { event: "loyalty.points_expiring" }
