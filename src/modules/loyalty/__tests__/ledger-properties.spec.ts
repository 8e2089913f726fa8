import fc from "fast-check"
import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(300_000)

const DAY = 24 * 60 * 60 * 1000

/** One ledger operation, drawn at random; `pick` chooses among earlier rows. */
const operation = fc.oneof(
  fc.record({
    op: fc.constant("credit" as const),
    points: fc.integer({ min: 1, max: 500 }),
    pending: fc.boolean(),
    // Negative days make a lot that is already due to expire.
    expiresInDays: fc.option(fc.integer({ min: -3, max: 30 }), { nil: null }),
  }),
  fc.record({ op: fc.constant("release" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("debit" as const), points: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ op: fc.constant("reverse" as const), pick: fc.nat(), points: fc.integer({ min: 1, max: 500 }) }),
  fc.record({ op: fc.constant("expire" as const), pick: fc.nat() }),
  // Time passes for one lot: it falls due, perhaps while a cart holds some of it.
  fc.record({ op: fc.constant("lapse" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("reserve" as const), cart: fc.integer({ min: 0, max: 2 }), points: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ op: fc.constant("commit" as const), cart: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ op: fc.constant("releaseCart" as const), cart: fc.integer({ min: 0, max: 2 }) })
)

loyaltyModuleTestRunner(({ service }) => {
    describe("the ledger under random operation sequences", () => {
      it("keeps every account figure equal to its ledger after every step", async () => {
        let run = 0
        await fc.assert(
          fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 14 }), fc.boolean(), async (ops, allowNegative) => {
            run++
            const customer = `cus_prop_${run}`
            const lots: string[] = []
            await service.updateProgramSettings({ allow_negative_balance: allowNegative })
            const account = await service.getOrCreateAccount(customer)
            for (const [i, step] of ops.entries()) {
              const key = `${customer}:${i}`
              const cart = (n: number) => `${customer}:cart:${n}`
              const lot = (pick: number) => lots[pick % lots.length]
              // Refusals (not enough points) are part of the game; they must write nothing.
              await (async () => {
                switch (step.op) {
                  case "credit": {
                    const row = await service.credit({
                      customer_id: customer,
                      type: "earn",
                      status: step.pending ? "pending" : "available",
                      points: step.points,
                      expires_at: step.expiresInDays === null ? null : new Date(Date.now() + step.expiresInDays * DAY),
                      idempotency_key: key,
                    })
                    lots.push(row.id)
                    return
                  }
                  case "release":
                    return lots.length && service.releasePending(lot(step.pick))
                  case "debit":
                    return service.debit({ customer_id: customer, type: "redeem", points: step.points, idempotency_key: key })
                  case "reverse":
                    return lots.length && service.reverse({ transaction_id: lot(step.pick), points: step.points, idempotency_key: key })
                  case "expire":
                    return lots.length && service.expireLot(lot(step.pick))
                  case "lapse":
                    return lots.length && service.updateLoyaltyTransactions({ id: lot(step.pick), expires_at: new Date(Date.now() - 1000) })
                  case "reserve":
                    return service.reserve({
                      customer_id: customer,
                      cart_id: cart(step.cart),
                      points: step.points,
                      expires_at: new Date(Date.now() + DAY),
                    })
                  case "commit":
                    return service.commitReservation({ cart_id: cart(step.cart), order_id: `order:${key}` })
                  case "releaseCart":
                    return service.releaseReservation(cart(step.cart))
                }
              })().catch((error) => {
                if (!/Not enough points/.test(error.message)) {
                  throw error
                }
              })
              const discrepancies = await service.verifyAccounts([account.id])
              if (discrepancies.length) {
                throw new Error(`after step ${i} (${JSON.stringify(step)}): ${JSON.stringify(discrepancies)}`)
              }
            }
          }),
          { numRuns: 25 }
        )
      })
    })
})
