import type { IsoDate } from "./dates";

/**
 * The State Council's public-holiday arrangements (国务院办公厅关于部分节假日安排的通知), kept as data:
 * `off` are weekdays without work, `workdays` are weekends with work (调休). Add a year when the
 * notice for it is published; a year missing here counts plain weekends only.
 */
export interface HolidayYear {
  year: number;
  off: IsoDate[];
  workdays: IsoDate[];
}

function range(from: string, to: string): IsoDate[] {
  const out: IsoDate[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (d <= end) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

export const CHINA_HOLIDAYS: readonly HolidayYear[] = [
  {
    year: 2024,
    off: [
      "2024-01-01",
      ...range("2024-02-10", "2024-02-17"),
      ...range("2024-04-04", "2024-04-06"),
      ...range("2024-05-01", "2024-05-05"),
      "2024-06-10",
      ...range("2024-09-15", "2024-09-17"),
      ...range("2024-10-01", "2024-10-07"),
    ],
    workdays: ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"],
  },
  {
    year: 2025,
    off: [
      "2025-01-01",
      ...range("2025-01-28", "2025-02-04"),
      ...range("2025-04-04", "2025-04-06"),
      ...range("2025-05-01", "2025-05-05"),
      ...range("2025-05-31", "2025-06-02"),
      ...range("2025-10-01", "2025-10-08"),
    ],
    workdays: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
  },
  {
    year: 2026,
    off: [
      ...range("2026-01-01", "2026-01-03"),
      ...range("2026-02-15", "2026-02-23"),
      ...range("2026-04-04", "2026-04-06"),
      ...range("2026-05-01", "2026-05-05"),
      ...range("2026-06-19", "2026-06-21"),
      ...range("2026-09-25", "2026-09-27"),
      ...range("2026-10-01", "2026-10-07"),
    ],
    workdays: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
  },
];
