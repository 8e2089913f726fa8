import fs from "fs"
import path from "path"
import { fileURLToPath } from "url"
import { defineConfig, type Plugin } from "vite"
import react from "@vitejs/plugin-react"

/**
 * The demo storefront: `vite build --config storefront/vite.config.mts` writes it to
 * .medusa/storefront (or STOREFRONT_OUT_DIR), which `medusa develop` does not watch; `npm run
 * demo` serves it with Vite's preview server on STOREFRONT_PORT (default 8000).
 *
 * The backend's address and the publishable key are read at serve time, never built in: the
 * server answers GET /config.json from MEDUSA_BACKEND_URL and the demo's credentials file
 * (LOYALTY_DEMO_CREDENTIALS_FILE, which the seed writes).
 */
const root = path.dirname(fileURLToPath(import.meta.url))
const projectRoot = path.resolve(root, "..")

function runtimeConfig(): Plugin {
  const answer = (_req: unknown, res: import("http").ServerResponse) => {
    const file = process.env.LOYALTY_DEMO_CREDENTIALS_FILE || path.join(projectRoot, ".data", "demo-credentials.json")
    let credentials: { publishable_key?: string; shopper?: { email?: string; password?: string } } = {}
    try {
      credentials = JSON.parse(fs.readFileSync(file, "utf8"))
    } catch {
      // no demo seeded yet: the storefront says so
    }
    res.setHeader("content-type", "application/json")
    res.setHeader("cache-control", "no-store")
    res.end(
      JSON.stringify({
        backend_url: process.env.MEDUSA_BACKEND_URL || "http://localhost:9000",
        publishable_key: process.env.MEDUSA_PUBLISHABLE_KEY || credentials.publishable_key || null,
        demo_shopper: credentials.shopper?.email
          ? { email: credentials.shopper.email, password: credentials.shopper.password }
          : null,
      })
    )
  }
  return {
    name: "storefront-runtime-config",
    configureServer: (server) => void server.middlewares.use("/config.json", answer),
    configurePreviewServer: (server) => void server.middlewares.use("/config.json", answer),
  }
}

export default defineConfig({
  root,
  plugins: [react(), runtimeConfig()],
  // Kept out of node_modules (shared) and out of what `medusa develop` watches.
  cacheDir: path.join(projectRoot, ".medusa", "storefront-cache"),
  resolve: {
    // The client from source, exactly as the package exports it.
    alias: { "medusa-loyalty/client": path.join(projectRoot, "src", "client", "index.ts") },
  },
  build: {
    outDir: process.env.STOREFRONT_OUT_DIR || path.join(projectRoot, ".medusa", "storefront"),
    emptyOutDir: true,
  },
  server: { port: Number(process.env.STOREFRONT_PORT || 8000) },
  preview: { port: Number(process.env.STOREFRONT_PORT || 8000), strictPort: true },
})
