#!/usr/bin/env node
"use strict"

/**
 * Builds `medusa-loyalty/client` (src/client) for storefronts, apart from the plugin's server
 * build: CommonJS in .medusa/client/cjs, ES modules in .medusa/client/esm, and one set of type
 * declarations in .medusa/client/types (package.json's "exports" maps them). It has no runtime
 * imports, so both outputs run as they are.
 */
const fs = require("fs")
const path = require("path")
const { spawnSync } = require("child_process")

const ROOT = path.resolve(__dirname, "..")
const OUT = path.join(ROOT, ".medusa", "client")
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc")
const SOURCES = ["src/client/index.ts", "src/client/types.ts"]
const COMMON = ["--target", "es2019", "--strict", "--skipLibCheck", "--removeComments", "false", "--rootDir", "src/client"]

function tsc(args) {
  const result = spawnSync(process.execPath, [TSC, ...SOURCES, ...COMMON, ...args], { cwd: ROOT, stdio: "inherit" })
  if (result.status !== 0) {
    console.error(`[build-client] tsc ${args.join(" ")} failed`)
    process.exit(result.status ?? 1)
  }
}

fs.rmSync(OUT, { recursive: true, force: true })
tsc(["--module", "commonjs", "--moduleResolution", "node10", "--outDir", path.join(OUT, "cjs")])
tsc(["--module", "es2020", "--moduleResolution", "bundler", "--outDir", path.join(OUT, "esm")])
tsc(["--module", "es2020", "--moduleResolution", "bundler", "--declaration", "--emitDeclarationOnly", "--outDir", path.join(OUT, "types")])
// The package is CommonJS; the esm folder says its .js files are ES modules.
fs.writeFileSync(path.join(OUT, "esm", "package.json"), `${JSON.stringify({ type: "module" }, null, 2)}\n`)
console.log(`[build-client] ${path.relative(ROOT, OUT)}/{cjs,esm,types}`)
