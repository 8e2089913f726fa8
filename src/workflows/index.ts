export * from "./accounts/workflows/adjust-points"
export * from "./program/workflows/update-program-settings"
