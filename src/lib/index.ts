export * from "./account-figures"
export * from "./lots"
export * from "./points"
export * from "./proportion"
