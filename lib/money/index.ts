export * from "./currency";
export * from "./rational";
export * from "./allocate";
export * from "./amount";
export * from "./unit-amount";
