export * from "./audit-chain";
export * from "./dashboard";
export * from "./dashboard-panels";
export * from "./projects";
export * from "./rag";
