import { addDays, dayOfWeek, type IsoDate } from "./dates";
import { CHINA_HOLIDAYS, type HolidayYear } from "./holidays";

/**
 * A working-day calendar for statutory time limits (限时办结): Monday to Friday, minus public
 * holidays, plus the weekend days declared working days.
 */
export class WorkingDayCalendar {
  private readonly off: Set<IsoDate>;
  private readonly workdays: Set<IsoDate>;

  constructor(years: readonly HolidayYear[] = CHINA_HOLIDAYS) {
    this.off = new Set(years.flatMap((y) => y.off));
    this.workdays = new Set(years.flatMap((y) => y.workdays));
  }

  isWorkingDay(date: IsoDate): boolean {
    if (this.workdays.has(date)) return true;
    if (this.off.has(date)) return false;
    const dow = dayOfWeek(date);
    return dow !== 0 && dow !== 6;
  }

  /**
   * The date on which a time limit of `days` working days ends, counting from the working day after
   * `start` (the day of acceptance does not count, as in 行政许可法 art. 82).
   */
  addWorkingDays(start: IsoDate, days: number): IsoDate {
    if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${days}`);
    let date = start;
    let left = days;
    while (left > 0) {
      date = addDays(date, 1);
      if (this.isWorkingDay(date)) left--;
    }
    return date;
  }

  /**
   * Working days after `from` up to and including `to`; negative when `to` is before `from`.
   * `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    if (to === from) return 0;
    const forward = to > from;
    let count = 0;
    let date = from;
    while (date !== to) {
      date = addDays(date, forward ? 1 : -1);
      const counted = forward ? date : addDays(date, 1);
      if (this.isWorkingDay(counted)) count++;
    }
    return forward ? count : -count;
  }
}

export const workingDays = new WorkingDayCalendar();
