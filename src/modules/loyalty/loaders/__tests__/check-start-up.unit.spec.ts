import type { MedusaContainer } from "@medusajs/framework/types"
import checkStartUp from "../check-start-up"

/** The loader as Medusa calls it, with these module options and this environment. */
async function start(options: Record<string, unknown>, env: Record<string, string> = {}) {
  const saved = process.env
  process.env = { ...saved, ...env }
  try {
    await checkStartUp({ container: {} as MedusaContainer, options })
  } finally {
    process.env = saved
  }
}

describe("the module's start-up check", () => {
  it("passes valid options, Medusa's own database key and valid schedules", async () => {
    await expect(
      start({ earn_percent: 5, point_values: { eur: 0.01 }, database: { clientUrl: "postgres://x" } }, { LOYALTY_EXPIRY_CRON: "30 1 * * *" })
    ).resolves.toBeUndefined()
  })

  it("names a bad option value", async () => {
    await expect(start({ max_redeem_percent: -1 })).rejects.toThrow(/invalid plugin option "max_redeem_percent"/)
    await expect(start({ time_zone: "Mars/Olympus" })).rejects.toThrow(/invalid plugin option "time_zone"/)
  })

  it("passes a complete telegram option, and names what is missing or wrong in one", async () => {
    const telegram = { bot_token: "123:abc", bot_username: "@shop_points_bot", webhook_secret: "s".repeat(32) }
    await expect(start({ telegram })).resolves.toBeUndefined()
    await expect(start({ telegram: { ...telegram, api_base_url: "http://127.0.0.1:8081" } })).resolves.toBeUndefined()
    await expect(start({ telegram: { ...telegram, bot_token: "" } })).rejects.toThrow(/invalid plugin option "telegram.bot_token"/)
    await expect(start({ telegram: { ...telegram, webhook_secret: "short" } })).rejects.toThrow(/invalid plugin option "telegram.webhook_secret"/)
    const { bot_username, ...withoutName } = telegram
    expect(bot_username).toBeTruthy()
    await expect(start({ telegram: withoutName })).rejects.toThrow(/invalid plugin option "telegram.bot_username"/)
    await expect(start({ telegram: { ...telegram, chat: 1 } })).rejects.toThrow(/invalid plugin option "telegram"/)
  })

  it("names an unknown option", async () => {
    await expect(start({ earn_precent: 5 })).rejects.toThrow(/unknown plugin option "earn_precent"/)
  })

  it("names a bad schedule, with every other problem found", async () => {
    const error = await start({ pending_days: -1, colour: "red" }, { LOYALTY_TIERS_CRON: "daily" }).catch((e) => e)
    expect(error.message.split("\n")).toEqual([
      "medusa-loyalty cannot start:",
      expect.stringMatching(/^  - invalid plugin option "pending_days"/),
      expect.stringMatching(/^  - unknown plugin option "colour"/),
      expect.stringMatching(/^  - LOYALTY_TIERS_CRON="daily" \(the loyalty-recompute-tiers job's schedule\) has 1 field;/),
    ])
  })
})
