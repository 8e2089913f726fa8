import type { MedusaContainer } from "@medusajs/framework/types"
import warnSingleInstance from "../warn-single-instance"

/** Runs the loader with this config's modules under this NODE_ENV; returns what it warned. */
async function warningsOf(modules: Record<string, unknown>, nodeEnv: string) {
  const warnings: string[] = []
  const container = { resolve: () => ({ modules }) } as unknown as MedusaContainer
  const saved = process.env.NODE_ENV
  process.env.NODE_ENV = nodeEnv
  try {
    await warnSingleInstance({ container, logger: { warn: (message: string) => warnings.push(message) } as any })
  } finally {
    process.env.NODE_ENV = saved
  }
  return warnings
}

describe("the single-instance warning at start-up", () => {
  it("warns once in production with Medusa's in-process modules", async () => {
    const warnings = await warningsOf({}, "production")
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/scheduled jobs may run twice/)
  })

  it("says nothing in development, or in production on Redis", async () => {
    expect(await warningsOf({}, "development")).toEqual([])
    const redis = {
      event_bus: { resolve: "@medusajs/medusa/event-bus-redis" },
      workflows: { resolve: "@medusajs/medusa/workflow-engine-redis" },
      locking: { resolve: "@medusajs/medusa/locking", options: { providers: [{ resolve: "@medusajs/medusa/locking-redis" }] } },
    }
    expect(await warningsOf(redis, "production")).toEqual([])
  })
})
