import path from "path"
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/**
 * The development and test app of this repository. It loads the plugin straight
 * from src/ (API routes, subscribers, jobs, workflows, admin extensions are the
 * app's own), and registers the loyalty module with the same options a store
 * passes to the plugin. Beside it, as in a real store: Medusa's own
 * @medusajs/loyalty-plugin (gift cards, store credit) and a host app's own
 * completeCartWorkflow.hooks.validate handler and loyalty.points_expiring
 * email (integration-tests/host-app), sent through the local notification
 * provider, which writes emails to the log.
 *
 * With REDIS_URL set it runs as a store with several instances does (README, "Running several
 * instances"; npm run test:scale): Medusa's Redis event bus, workflow engine, locking and
 * caching, sessions in Redis, and MEDUSA_WORKER_MODE (server, worker or shared) per instance.
 * DISABLE_MEDUSA_ADMIN=true leaves the admin out (`medusa start` without a built admin).
 */
const REDIS_URL = process.env.REDIS_URL

/** Medusa's Redis modules, configured as its deployment guide does. */
const redisModules = REDIS_URL
  ? [
      {
        resolve: "@medusajs/medusa/event-bus-redis",
        options: { redisUrl: REDIS_URL },
      },
      {
        resolve: "@medusajs/medusa/workflow-engine-redis",
        options: { redis: { redisUrl: REDIS_URL } },
      },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [
            { resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl: REDIS_URL } },
          ],
        },
      },
      {
        resolve: "@medusajs/medusa/caching",
        options: {
          providers: [
            { resolve: "@medusajs/caching-redis", id: "caching-redis", is_default: true, options: { redisUrl: REDIS_URL } },
          ],
        },
      },
    ]
  : []

/**
 * The Telegram bot, only when its variables are set (integration-tests/http/telegram.spec.ts
 * sets them, with a fake Bot API on 127.0.0.1): the provider sends `telegram` notifications,
 * the loyalty module's `telegram` option links chats and answers the webhook.
 */
const TELEGRAM_BOT_TOKEN = process.env.TELEGRAM_BOT_TOKEN
const TELEGRAM_API_BASE_URL = process.env.TELEGRAM_API_BASE_URL || undefined
const TELEGRAM_VARIABLES = ["TELEGRAM_BOT_TOKEN", "TELEGRAM_BOT_USERNAME", "TELEGRAM_WEBHOOK_SECRET"]
const telegramMissing = TELEGRAM_VARIABLES.filter((name) => !process.env[name])
if (telegramMissing.length && telegramMissing.length < TELEGRAM_VARIABLES.length) {
  throw new Error(`The Telegram bot needs ${TELEGRAM_VARIABLES.join(", ")}; ${telegramMissing.join(", ")} not set.`)
}
const telegramProviders = TELEGRAM_BOT_TOKEN
  ? [
      {
        resolve: "./src/providers/telegram",
        id: "telegram",
        options: { channels: ["telegram"], bot_token: TELEGRAM_BOT_TOKEN, api_base_url: TELEGRAM_API_BASE_URL },
      },
    ]
  : []
const telegramOption =
  TELEGRAM_BOT_TOKEN && process.env.TELEGRAM_BOT_USERNAME && process.env.TELEGRAM_WEBHOOK_SECRET
    ? {
        telegram: {
          bot_token: TELEGRAM_BOT_TOKEN,
          bot_username: process.env.TELEGRAM_BOT_USERNAME,
          webhook_secret: process.env.TELEGRAM_WEBHOOK_SECRET,
          api_base_url: TELEGRAM_API_BASE_URL,
        },
      }
    : {}

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: REDIS_URL,
    workerMode: process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server" | undefined,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000,http://localhost:5173",
      authCors: process.env.AUTH_CORS || "http://localhost:9000,http://localhost:8000,http://localhost:5173",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.DISABLE_MEDUSA_ADMIN === "true",
  },
  plugins: [
    { resolve: "@medusajs/loyalty-plugin", options: {} },
    // An absolute path: Medusa resolves "./…" plugin paths as package names.
    { resolve: path.resolve(process.cwd(), "integration-tests/host-app"), options: {} },
  ],
  modules: [
    ...redisModules,
    {
      resolve: "./src/modules/loyalty",
      // A spec that checks referring sites against its own server on 127.0.0.1 sets this env.
      options: { referral_sites: { allow_private_origins: process.env.LOYALTY_ALLOW_PRIVATE_ORIGINS === "true" }, ...telegramOption },
    },
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/notification-local",
            id: "local",
            options: { name: "Local Notification Provider", channels: ["feed", "email"] },
          },
          ...telegramProviders,
        ],
      },
    },
  ],
})
