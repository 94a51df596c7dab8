/**
 * Who may open the dispatch report: the district's own people. The server refuses the named overdue
 * lists to investors (and the auditor reads only the audit log), so the page and its nav link are
 * not offered to them; this is a courtesy, the API is the guard.
 */
const REPORT_ROLES = new Set(["admin", "leadership", "leader", "owner", "unit_staff"]);

export function canOpenReport(role: string): boolean {
  return REPORT_ROLES.has(role);
}
