import { validateAndTransformBody } from "@medusajs/framework/http"
import type { ZodType } from "@medusajs/framework/zod"
import { programSettingsPatchSchema } from "../../modules/loyalty/program-settings"
import { AdminBulkAdjustment } from "../admin/loyalty/validators"
import { storable, unstorableInput } from "../validators"

const NUL = "\u0000"

/** What Medusa's body validation makes of `body` with `schema` behind storable(): the body or the error. */
async function validated(schema: ZodType, body: unknown) {
  const req: any = { body }
  let error: unknown
  await validateAndTransformBody(storable(schema))(req, {} as any, (e?: unknown) => {
    error = e
  })
  if (error) {
    throw error
  }
  return req.validatedBody
}

describe("unstorableInput", () => {
  it("finds nothing in ordinary input", () => {
    expect(unstorableInput({ name: "Gold", ids: ["a", "b"], nested: { x: [1, null, true] } })).toBeNull()
    expect(unstorableInput(undefined)).toBeNull()
    expect(unstorableInput("plain")).toBeNull()
  })

  it("names the field of a NUL character, however deep, in a value or a key", () => {
    expect(unstorableInput({ reason: `gift${NUL}` })).toBe("reason: must not contain a NUL character (\\u0000)")
    expect(unstorableInput({ entries: [{ email: "a@b.c" }, { email: `x${NUL}` }] })).toBe(
      "entries[1].email: must not contain a NUL character (\\u0000)"
    )
    expect(unstorableInput({ customer_ids: ["cus_1", NUL] })).toBe("customer_ids[1]: must not contain a NUL character (\\u0000)")
    expect(unstorableInput({ point_values: { [`eur${NUL}`]: 1 } })).toBe(
      "point_values.eur\\u0000: must not contain a NUL character (\\u0000)"
    )
    expect(unstorableInput(NUL)).toBe("value: must not contain a NUL character (\\u0000)")
  })

  it.each(["__proto__", "constructor", "prototype"])("refuses %s as a key anywhere", (key) => {
    expect(unstorableInput(JSON.parse(`{"point_values":{"${key}":1}}`))).toBe(
      `point_values.${key}: a key must not be __proto__, constructor or prototype`
    )
    expect(unstorableInput(JSON.parse(`{"entries":[{"points":1,"${key}":{}}]}`))).toMatch(new RegExp(`^entries\\[0\\]\\.${key}:`))
    expect(unstorableInput(JSON.parse(`{"${key}":{"a":1}}`))).toMatch(new RegExp(`^${key}:`))
  })

  it("reports the first problem in the order the input was written", () => {
    expect(unstorableInput(JSON.parse(`{"a":"x\\u0000","__proto__":1}`))).toMatch(/^a:/)
    expect(unstorableInput(JSON.parse(`{"__proto__":1,"a":"x\\u0000"}`))).toMatch(/^__proto__:/)
  })

  it("walks a deeply nested body without overflowing the stack", () => {
    let deep: unknown = `x${NUL}`
    for (let i = 0; i < 200_000; i++) {
      deep = [deep]
    }
    expect(unstorableInput({ deep })).toMatch(/^deep(\[0\]){200000}: must not contain a NUL/)
  })
})

describe("storable", () => {
  it("refuses before the schema sees the input, so zod cannot drop a __proto__ key", async () => {
    const raw = JSON.parse('{"point_values":{"eur":1,"__proto__":{"usd":2}}}')
    // Without the check zod answers an emptier map than was sent.
    expect(programSettingsPatchSchema.parse(raw)).toEqual({ point_values: { eur: 1 } })
    await expect(validated(programSettingsPatchSchema, raw)).rejects.toMatchObject({
      type: "invalid_data",
      message: "Invalid request: point_values.__proto__: a key must not be __proto__, constructor or prototype",
    })
  })

  it("passes clean input to the schema, refinements and defaults included", async () => {
    const body = { customer_ids: ["cus_1"], points: 5, reason: " gift ", idempotency_key: "k" }
    await expect(validated(AdminBulkAdjustment, body)).resolves.toMatchObject({ reason: "gift" })
    await expect(validated(AdminBulkAdjustment, { ...body, customer_group_id: "g" })).rejects.toMatchObject({
      message: expect.stringContaining("send exactly one of customer_ids"),
    })
  })

  it("still lets the schema refuse an unknown currency", async () => {
    await expect(validated(programSettingsPatchSchema, { point_values: { eur: 1, xyz: 1 } })).rejects.toMatchObject({
      message: expect.stringContaining('point_values: "xyz" is not a currency code Medusa knows'),
    })
    await expect(validated(programSettingsPatchSchema, { point_values: { eur: 1, jpy: 100 } })).resolves.toEqual({
      point_values: { eur: 1, jpy: 100 },
    })
  })
})
