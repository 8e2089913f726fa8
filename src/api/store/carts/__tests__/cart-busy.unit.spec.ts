import { MedusaError } from "@medusajs/framework/utils"
import { asCartBusy } from "../cart-busy"

describe("asCartBusy", () => {
  it.each([['Failed to acquire lock for key "cart_1"'], ["Timed-out acquiring lock."]])(
    "turns Medusa's lock error %j into a 409 the shopper can retry",
    (message) => {
      const error = asCartBusy(new Error(message), "cart_1") as MedusaError
      expect(error).toBeInstanceOf(MedusaError)
      expect(error.type).toBe(MedusaError.Types.CONFLICT)
      expect(error.message).toMatch(/cart_1 is being completed or changed/)
    }
  )

  it("leaves every other error as it is", () => {
    const original = new MedusaError(MedusaError.Types.NOT_ALLOWED, "Cart cart_1 is already completed")
    expect(asCartBusy(original, "cart_1")).toBe(original)
  })
})
