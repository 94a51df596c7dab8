import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WorkingDayCalendar, workingDays } from "./calendar";
import { addDays, dayOfWeek, daysBetween, type IsoDate } from "./dates";
import { CHINA_HOLIDAYS } from "./holidays";

const FIRST: IsoDate = "2023-01-01";
const LAST: IsoDate = "2027-12-31";
const SPAN = daysBetween(FIRST, LAST);

const offsetArb = fc.integer({ min: 0, max: SPAN });
const dateArb = offsetArb.map((offset) => addDays(FIRST, offset));
const nArb = fc.integer({ min: 0, max: 120 });
/** Two dates in range at most ~10 months apart: `workingDaysBetween` walks day by day, so keep it fast. */
const datePairArb = fc
  .tuple(offsetArb, fc.integer({ min: -300, max: 300 }))
  .map(([a, delta]) => [addDays(FIRST, a), addDays(FIRST, Math.min(SPAN, Math.max(0, a + delta)))] as const);

const plain = new WorkingDayCalendar([]);
const isWeekend = (date: IsoDate) => dayOfWeek(date) === 0 || dayOfWeek(date) === 6;
/** Turns -0 into 0 so `toBe` (Object.is) compares counts, not signs of zero. */
const norm = (n: number) => n + 0;

describe.each([
  ["default (China holidays)", workingDays],
  ["plain (weekends only)", plain],
])("WorkingDayCalendar properties: %s", (_name, calendar) => {
  it("adding n > 0 working days lands on a working day", () => {
    fc.assert(
      fc.property(dateArb, nArb, (d, n) => {
        fc.pre(n > 0);
        expect(calendar.isWorkingDay(calendar.addWorkingDays(d, n))).toBe(true);
      }),
    );
  });

  it("workingDaysBetween inverts addWorkingDays", () => {
    fc.assert(
      fc.property(dateArb, nArb, (d, n) => {
        expect(calendar.workingDaysBetween(d, calendar.addWorkingDays(d, n))).toBe(n);
      }),
    );
  });

  it("addWorkingDays is strictly increasing in n", () => {
    fc.assert(
      fc.property(dateArb, nArb, nArb, (d, a, b) => {
        fc.pre(a !== b);
        const [n, m] = a < b ? [a, b] : [b, a];
        expect(calendar.addWorkingDays(d, n) < calendar.addWorkingDays(d, m)).toBe(true);
      }),
    );
  });

  it("n working days take at least n calendar days", () => {
    fc.assert(
      fc.property(dateArb, nArb, (d, n) => {
        expect(daysBetween(d, calendar.addWorkingDays(d, n))).toBeGreaterThanOrEqual(n);
      }),
    );
  });

  it("workingDaysBetween is antisymmetric", () => {
    fc.assert(
      fc.property(datePairArb, ([a, b]) => {
        expect(norm(calendar.workingDaysBetween(a, b))).toBe(norm(-calendar.workingDaysBetween(b, a)));
      }),
    );
  });
});

describe("plain calendar properties", () => {
  it("is a working day exactly from Monday to Friday", () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        expect(plain.isWorkingDay(d)).toBe(!isWeekend(d));
      }),
    );
  });

  // Not "from any date": from a Saturday (Sunday) the five days are Mon–Fri, 6 (5) calendar days on.
  it("5 working days from a weekday are exactly 7 calendar days", () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        fc.pre(!isWeekend(d));
        expect(daysBetween(d, plain.addWorkingDays(d, 5))).toBe(7);
      }),
    );
  });

  it("5 working days from a weekend day end on the next Friday", () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        fc.pre(isWeekend(d));
        const end = plain.addWorkingDays(d, 5);
        expect(dayOfWeek(end)).toBe(5);
        expect(daysBetween(d, end)).toBe(dayOfWeek(d) === 6 ? 6 : 5);
      }),
    );
  });
});

describe("default calendar properties", () => {
  const listed = new Set(CHINA_HOLIDAYS.flatMap((y) => [...y.off, ...y.workdays]));

  it("differs from the plain calendar only on dates listed in the holiday data", () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        if (!listed.has(d)) expect(workingDays.isWorkingDay(d)).toBe(plain.isWorkingDay(d));
      }),
    );
  });

  it("agrees with the plain calendar for spans in years without holiday data", () => {
    const yearArb = fc.constantFrom("2023", "2027");
    fc.assert(
      fc.property(yearArb, fc.integer({ min: 0, max: 180 }), nArb, (year, offset, n) => {
        const d = addDays(`${year}-01-01`, offset);
        const end = plain.addWorkingDays(d, n);
        fc.pre(end.startsWith(year));
        expect(workingDays.addWorkingDays(d, n)).toBe(end);
      }),
    );
  });
});
