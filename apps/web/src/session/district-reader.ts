import { DISTRICT_READERS, type Role } from "@tracker/domain";

/**
 * The district's own people, the roles the server gives the named overdue lists, the rankings and
 * the dispatch report. This only decides what pages and the nav offer; the API is the guard.
 */
export function isDistrictReader(role: string): boolean {
  return DISTRICT_READERS.includes(role as Role);
}
