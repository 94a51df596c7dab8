export * from "./dashboard";
export * from "./projects";
export * from "./rag";
