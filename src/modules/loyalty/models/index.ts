export * from "./loyalty-account"
export * from "./loyalty-program"
export * from "./loyalty-reservation"
export * from "./loyalty-transaction"
