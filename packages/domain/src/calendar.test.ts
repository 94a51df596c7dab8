import { describe, expect, it } from "vitest";
import { WorkingDayCalendar, workingDays } from "./calendar";
import { addDays, addMonths, daysBetween, isIsoDate } from "./dates";

describe("working-day calendar", () => {
  it("skips weekends: 7 working days from a Friday end on the Tuesday after next", () => {
    // 2025-03-07 is a Friday; Mon 10 … Fri 14 are 5 days, Mon 17 and Tue 18 are 6 and 7.
    expect(workingDays.addWorkingDays("2025-03-07", 7)).toBe("2025-03-18");
  });

  it("skips public holidays and counts make-up working Saturdays", () => {
    // National Day 2025: 1–8 October off, Saturday 11 October worked.
    expect(workingDays.isWorkingDay("2025-10-03")).toBe(false);
    expect(workingDays.isWorkingDay("2025-10-11")).toBe(true);
    // Accepted Tuesday 30 Sep: working days are 9, 10, 11 Oct …
    expect(workingDays.addWorkingDays("2025-09-30", 3)).toBe("2025-10-11");
    // Spring Festival 2026: 15–23 February off, Saturday 14 and 28 February worked.
    expect(workingDays.addWorkingDays("2026-02-13", 1)).toBe("2026-02-14");
    expect(workingDays.addWorkingDays("2026-02-14", 1)).toBe("2026-02-24");
  });

  it("counts working days between two dates as the inverse of adding them", () => {
    for (const start of ["2024-12-30", "2025-01-27", "2026-09-24", "2026-11-27"]) {
      for (const n of [0, 1, 5, 7, 15, 20, 60]) {
        const end = workingDays.addWorkingDays(start, n);
        expect(workingDays.workingDaysBetween(start, end)).toBe(n);
        expect(workingDays.workingDaysBetween(end, start)).toBe(n === 0 ? 0 : -n);
      }
    }
  });

  it("treats a year with no holiday data as plain weekdays", () => {
    const plain = new WorkingDayCalendar([]);
    expect(plain.isWorkingDay("2025-10-01")).toBe(true);
    expect(plain.addWorkingDays("2025-09-30", 3)).toBe("2025-10-03");
  });

  it("rejects a negative or fractional number of days", () => {
    expect(() => workingDays.addWorkingDays("2025-01-01", -1)).toThrow(RangeError);
    expect(() => workingDays.addWorkingDays("2025-01-01", 1.5)).toThrow(RangeError);
  });
});

describe("calendar dates", () => {
  it("validates real dates only", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2025-13-01")).toBe(false);
    expect(isIsoDate("2025-1-01")).toBe(false);
  });

  it("adds days and months across month ends", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addMonths("2025-01-31", 1)).toBe("2025-02-28");
    expect(daysBetween("2025-12-25", "2026-01-04")).toBe(10);
  });
});
