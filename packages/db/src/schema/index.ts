export * from "./audit";
export * from "./auth";
export * from "./idempotency";
export * from "./org";
export * from "./permits";
export * from "./problems";
export * from "./progress";
export * from "./projects";
