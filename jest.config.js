const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

// One config, three kinds of test chosen by TEST_TYPE (scripts/test.js runs them in turn),
// and the benchmarks, which only bench/run.js runs (npm run bench:<name>).
const testMatch = {
  unit: ["<rootDir>/src/**/__tests__/**/*.unit.spec.[jt]s", "<rootDir>/storefront/src/**/__tests__/**/*.unit.spec.[jt]s"],
  modules: ["<rootDir>/src/modules/*/__tests__/**/*.spec.[jt]s"],
  http: ["<rootDir>/integration-tests/http/**/*.spec.[jt]s"],
  bench: ["<rootDir>/bench/**/*.bench.[jt]s"],
}

module.exports = {
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript", decorators: true } } },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/"],
  setupFiles: ["./integration-tests/setup.js"],
  testMatch: testMatch[process.env.TEST_TYPE] ?? testMatch.unit,
}
