import Ajv from "ajv"
import path from "path"
import { createGenerator } from "ts-json-schema-generator"

/**
 * The typed client's exported types (src/client/types.ts) as JSON Schema: every property
 * required unless optional, none beyond them. Made once per spec file that asks for it.
 */
let definitions: Record<string, any> | undefined
const ajv = new Ajv({ allErrors: true, strict: false })

function clientDefinitions() {
  definitions ??= createGenerator({
    path: path.resolve(__dirname, "../../src/client/types.ts"),
    tsconfig: path.resolve(__dirname, "../../tsconfig.json"),
    type: "*",
    additionalProperties: false,
    skipTypeCheck: true,
  }).createSchema("*").definitions!
  return definitions
}

/** Expects `value` (a route's answer, as JSON) to be exactly the client's type `typeName`. */
export function expectClientShape(typeName: string, value: unknown): boolean {
  const all = clientDefinitions()
  expect(all[typeName]).toBeDefined()
  const validate = ajv.compile({ $ref: `#/definitions/${typeName}`, definitions: all })
  const ok = validate(JSON.parse(JSON.stringify(value)))
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`)
  expect({ typeName, problems }).toEqual({ typeName, problems: [] })
  return ok as boolean
}

/** Whether `value` is exactly the client's type `typeName`, without expecting either way. */
export function matchesClientShape(typeName: string, value: unknown): boolean {
  return ajv.compile({ $ref: `#/definitions/${typeName}`, definitions: clientDefinitions() })(value) as boolean
}
