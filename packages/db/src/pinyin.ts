import { pinyin } from "pinyin-pro";

/** Lower-case pinyin initials of a name, letters and digits only (`华骏铸造二期` → `hjzzeq`). */
export function initials(name: string): string {
  return pinyin(name, { pattern: "first", toneType: "none", type: "array", nonZh: "consecutive" })
    .join("")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}
