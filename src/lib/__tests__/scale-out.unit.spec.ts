import { singleInstanceModules, singleInstanceWarning } from "../scale-out"

/** The modules part of a resolved config, as Medusa's defineConfig leaves it. */
const LOCAL = {
  event_bus: { resolve: "@medusajs/medusa/event-bus-local" },
  workflows: { resolve: "@medusajs/medusa/workflow-engine-inmemory" },
  locking: { resolve: "@medusajs/medusa/locking" },
}
const REDIS = {
  event_bus: { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl: "redis://r" } },
  workflows: { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl: "redis://r" } } },
  locking: {
    resolve: "@medusajs/medusa/locking",
    options: { providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true }] },
  },
}

describe("single-instance modules", () => {
  it("names Medusa's defaults: the local event bus, the in-memory workflow engine and locking", () => {
    expect(singleInstanceModules(LOCAL)).toEqual(["event bus", "workflow engine", "locking"])
    expect(singleInstanceModules({})).toEqual(["event bus", "workflow engine", "locking"])
  })

  it("names nothing for the Redis modules, by either package name", () => {
    expect(singleInstanceModules(REDIS)).toEqual([])
    expect(
      singleInstanceModules({
        event_bus: { resolve: "@medusajs/event-bus-redis" },
        workflows: { resolve: "@medusajs/workflow-engine-redis" },
        locking: { resolve: "@medusajs/locking", options: { providers: [{ resolve: "@medusajs/locking-redis" }] } },
      })
    ).toEqual([])
  })

  it("names only the module left in-process", () => {
    expect(singleInstanceModules({ ...REDIS, workflows: LOCAL.workflows })).toEqual(["workflow engine"])
    expect(singleInstanceModules({ ...REDIS, locking: LOCAL.locking })).toEqual(["locking"])
    expect(singleInstanceModules({ ...REDIS, event_bus: LOCAL.event_bus })).toEqual(["event bus"])
  })

  it("takes the Postgres locking provider and custom modules as shared", () => {
    expect(
      singleInstanceModules({
        event_bus: { resolve: "./src/modules/my-event-bus" },
        workflows: REDIS.workflows,
        locking: { resolve: "@medusajs/medusa/locking", options: { providers: [{ resolve: "@medusajs/medusa/locking-postgres" }] } },
      })
    ).toEqual([])
  })
})

describe("the start-up warning", () => {
  it("is one sentence naming the modules, that jobs may run twice, and the Redis modules to use", () => {
    const warning = singleInstanceWarning(["event bus", "workflow engine", "locking"])!
    expect(warning).toContain("in-process event bus, workflow engine and locking")
    expect(warning).toMatch(/twice/)
    expect(warning).toContain("@medusajs/medusa/workflow-engine-redis")
    expect(warning).not.toContain("\n")
  })

  it("is not given with nothing to warn about", () => {
    expect(singleInstanceWarning([])).toBeNull()
  })
})
