import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

const MAX_GROUP = 500

export type BulkTargetsInput = {
  customer_ids?: string[]
  customer_group_id?: string
  entries?: { row?: number; customer_id?: string; email?: string; points: number }[]
  points?: number
}

/** One row of a bulk adjustment: whom, how many points, or why it cannot be done. */
export type BulkTarget = {
  /** Names the row in the idempotency key: the customer, or the CSV row. */
  ref: string
  row?: number
  customer_id: string | null
  email?: string
  points: number
  error?: string
}

/** Finds the customers a bulk adjustment names; unknown ones become rows with an error. */
export const resolveBulkTargetsStep = createStep(
  "loyalty-resolve-bulk-targets",
  async (input: BulkTargetsInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const customersWhere = async (filters: Record<string, unknown>) =>
      (await query.graph({ entity: "customer", fields: ["id", "email"], filters })).data

    if (input.customer_group_id) {
      const {
        data: [group],
      } = await query.graph({
        entity: "customer_group",
        fields: ["id", "customers.id", "customers.email"],
        filters: { id: input.customer_group_id },
      })
      if (!group) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer group ${input.customer_group_id} was not found`)
      }
      const members = (group.customers ?? []).filter(Boolean) as { id: string; email: string }[]
      if (members.length > MAX_GROUP) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `The group has ${members.length} customers: send their customer_ids in chunks of ${MAX_GROUP}`
        )
      }
      return new StepResponse(
        members.map((c): BulkTarget => ({ ref: c.id, customer_id: c.id, email: c.email, points: input.points! }))
      )
    }

    if (input.customer_ids) {
      const found = new Map((await customersWhere({ id: input.customer_ids })).map((c) => [c.id, c]))
      return new StepResponse(
        [...new Set(input.customer_ids)].map(
          (id): BulkTarget => ({
            ref: id,
            customer_id: found.has(id) ? id : null,
            email: found.get(id)?.email ?? undefined,
            points: input.points!,
            ...(found.has(id) ? {} : { error: `Customer ${id} was not found` }),
          })
        )
      )
    }

    const entries = input.entries ?? []
    const ids = entries.flatMap((e) => (e.customer_id ? [e.customer_id] : []))
    const emails = entries.flatMap((e) => (e.email ? [e.email.toLowerCase()] : []))
    const customers = [
      ...(ids.length ? await customersWhere({ id: ids }) : []),
      ...(emails.length ? await customersWhere({ email: emails }) : []),
    ]
    const byId = new Map(customers.map((c) => [c.id, c]))
    const byEmail = new Map(customers.map((c) => [String(c.email).toLowerCase(), c]))
    return new StepResponse(
      entries.map((entry, index): BulkTarget => {
        const row = entry.row ?? index + 1
        const customer = entry.customer_id ? byId.get(entry.customer_id) : byEmail.get(entry.email!.toLowerCase())
        const named = entry.customer_id ?? entry.email
        return {
          ref: `row${row}`,
          row,
          customer_id: customer?.id ?? null,
          email: customer?.email ?? entry.email,
          points: entry.points,
          ...(customer ? {} : { error: `Row ${row}: no customer ${named}` }),
        }
      })
    )
  }
)
