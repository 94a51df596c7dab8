import type { Localized } from "./locale";

/** Roles of DESIGN.md §4. */
export const ROLES = ["admin", "leadership", "leader", "owner", "unit_staff", "investor", "auditor"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, Localized> = {
  admin: { "zh-CN": "系统管理员", en: "System administrator" },
  leadership: { "zh-CN": "区领导", en: "District leadership" },
  leader: { "zh-CN": "分包领导", en: "Supervising leader" },
  owner: { "zh-CN": "项目责任人", en: "Person in charge" },
  unit_staff: { "zh-CN": "窗口/部门", en: "Department staff" },
  investor: { "zh-CN": "投资方", en: "Investor" },
  auditor: { "zh-CN": "审计员", en: "Auditor" },
};

/** Roles that read the whole project register (investors see their own company's; the auditor none). */
export const REGISTER_READERS: readonly Role[] = ["admin", "leadership", "leader", "owner", "unit_staff", "investor"];

/**
 * The district's own people: they read the named overdue lists, the rankings and the dispatch report
 * (not investors, and not the auditor, who reads only the audit log).
 */
export const DISTRICT_READERS: readonly Role[] = ["admin", "leadership", "leader", "owner", "unit_staff"];

/** Roles allowed to see investors' contact details. */
export function canSeeInvestorContacts(role: Role): boolean {
  return role !== "unit_staff";
}

/**
 * Roles the system administrator may not grant, nor manage the accounts of (separation of duties,
 * 三员分立): the auditor reads what the administrator does, and an administrator who could make
 * administrators or auditors could read the log through them. Such accounts are managed only with
 * the server's `npm run users` command, every act audited.
 */
export const PRIVILEGED_ROLES: readonly Role[] = ["admin", "auditor"];

/** Audit events are kept at least this long (MLPS 2.0: ≥ 6 months); nothing in the tracker deletes them. */
export const AUDIT_RETENTION_DAYS = 180;
