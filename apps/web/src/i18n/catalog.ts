import type { zhCN } from "./zh-CN";

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** Every catalog has exactly the Chinese catalog's keys (its own module, so en.ts need not import index.ts). */
export type Catalog = Widen<typeof zhCN>;
