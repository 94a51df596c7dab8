export * from "./audit-chain";
export * from "./dashboard";
export * from "./dashboard-panels";
export * from "./jobs";
export * from "./login-throttle";
export * from "./projects";
export * from "./rag";
