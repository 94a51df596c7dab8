/** The user's language: zh-CN by default, English on request. */
export type Locale = "zh-CN" | "en";

/** Messages a user may see in an error, in both languages. */
export const MESSAGES = {
  unauthorized: { "zh-CN": "请先登录", en: "Please sign in" },
  sessionExpired: { "zh-CN": "登录已过期，请重新登录", en: "Your session has expired; please sign in again" },
  forbidden: { "zh-CN": "您的角色无权执行此操作", en: "Your role may not do this" },
  projectNotFound: { "zh-CN": "项目不存在", en: "No such project" },
  badCredentials: { "zh-CN": "用户名或密码错误", en: "Wrong username or password" },
  accountLocked: {
    "zh-CN": "连续登录失败次数过多，已暂停从此地址登录该账号，请{minutes}分钟后再试，或请系统管理员解锁",
    en: "Too many failed sign-ins: signing in to this account from here is paused; try again in {minutes} minutes or ask the administrator to unlock it",
  },
  loginNotBatched: {
    "zh-CN": "登录请求须单独发送，不能与其他请求合并",
    en: "A sign-in must be sent on its own, not in a batch with other requests",
  },
  passwordExpired: {
    "zh-CN": "密码已超过{days}天未修改，请先修改密码",
    en: "Your password is more than {days} days old; change it first",
  },
  passwordCommon: {
    "zh-CN": "该密码过于常见，容易被猜中，请换一个",
    en: "This password is too common and easy to guess; choose another",
  },
  passwordHasUsername: { "zh-CN": "密码不能包含用户名", en: "The password may not contain the username" },
  passwordReused: {
    "zh-CN": "新密码不能与最近{count}次使用过的密码相同",
    en: "The new password may not be one of the last {count} passwords",
  },
  notYourProject: {
    "zh-CN": "只有该项目的分包领导或项目责任人可以修改",
    en: "Only the project's supervising leader or person in charge may change it",
  },
  conflict: {
    "zh-CN": "{entity}已被{who}于{when}修改，请刷新后再试",
    en: "{who} changed this {entity} at {when}; reload and try again",
  },
  notFound: { "zh-CN": "{entity}不存在", en: "No such {entity}" },
  milestoneDone: { "zh-CN": "该节点已完成，不能再修改", en: "This milestone is already done" },
  dateInFuture: { "zh-CN": "完成日期不能晚于今天", en: "The date it was done cannot be in the future" },
  dateBeforeSigning: {
    "zh-CN": "日期不能早于项目签约日期（{date}）",
    en: "The date cannot be before the project was signed ({date})",
  },
  samePlannedDate: { "zh-CN": "新的计划日期与当前计划相同", en: "The new planned date is the current one" },
  periodInFuture: { "zh-CN": "不能填报尚未开始的月份", en: "A month that has not begun cannot be reported" },
  beyondTotalInvestment: {
    "zh-CN": "累计完成投资将达到{completed}万元，超过总投资{total}万元；请先调整总投资",
    en: "Completed investment would reach {completed} 万元, above the total investment of {total} 万元; raise the total first",
  },
  reportExists: {
    "zh-CN": "{period}的进度已填报，请修改已有填报",
    en: "{period} is already reported; correct the existing report",
  },
  sameStage: { "zh-CN": "项目已处于该阶段", en: "The project is already in this stage" },
  stageReasonRequired: {
    "zh-CN": "退回或跨越阶段须填写原因",
    en: "Moving back or skipping a stage needs a reason",
  },
  projectNotActive: {
    "zh-CN": "项目已暂停或终止，不能调整阶段",
    en: "The project is suspended or cancelled; its stage cannot move",
  },
  notYourUnit: { "zh-CN": "只有发证单位的工作人员可以办理该事项", en: "Only staff of the issuing unit may act on this permit" },
  permitMoveNotAllowed: { "zh-CN": "该事项当前为“{from}”，不能改为“{to}”", en: "This permit is {from}; it cannot become {to}" },
  deadlineInPast: { "zh-CN": "办结时限不能早于今天", en: "The deadline cannot be in the past" },
  problemMoveNotAllowed: { "zh-CN": "问题当前为“{from}”，不能{action}", en: "The problem is {from}; it cannot be {action}" },
  alreadyTopLevel: { "zh-CN": "问题已提级至区领导，不能再提级", en: "The problem is already with the district leadership" },
  notYourProblem: {
    "zh-CN": "只有承办单位、项目分包领导或责任人可以办理该问题",
    en: "Only the assigned unit, or the project's leader or person in charge, may act on this problem",
  },
  onlyLeaderVerifies: {
    "zh-CN": "只有项目分包领导或区领导可以验收销号",
    en: "Only the supervising leader or district leadership may close it",
  },
  unknownUnit: { "zh-CN": "责任单位不存在", en: "No such unit" },
  unknownPerson: { "zh-CN": "人员不存在", en: "No such person" },
  targetNeedsDeadline: { "zh-CN": "目标任务与时间节点须同时填写", en: "A target task and its deadline go together" },
  tooManyLogins: { "zh-CN": "登录尝试过于频繁，请稍后再试", en: "Too many sign-in attempts; try again later" },
  passwordTooShort: { "zh-CN": "密码至少8位", en: "The password needs at least 8 characters" },
  passwordTooLong: { "zh-CN": "密码最多128位", en: "The password may have at most 128 characters" },
  passwordTooSimple: {
    "zh-CN": "密码须包含大写字母、小写字母、数字、符号中的至少三类",
    en: "The password needs 3 of: lower case, upper case, digits, symbols",
  },
  passwordUnchanged: { "zh-CN": "新密码不能与原密码相同", en: "The new password must differ from the old one" },
  wrongCurrentPassword: { "zh-CN": "原密码错误", en: "The current password is wrong" },
  usernameTaken: { "zh-CN": "用户名已存在", en: "That username is taken" },
  investorUserNeedsCompany: {
    "zh-CN": "投资方账号须关联投资企业，其他角色不能关联",
    en: "An investor account needs its company, and only an investor account may have one",
  },
  unknownInvestor: { "zh-CN": "投资企业不存在", en: "No such company" },
  userNotFound: { "zh-CN": "用户不存在", en: "No such user" },
  codeTaken: { "zh-CN": "项目代码已存在", en: "That project code is taken" },
  unknownTownship: { "zh-CN": "乡镇/街道不存在", en: "No such township" },
  auditExportTooLarge: {
    "zh-CN": "导出超过 {max} 条审计事件，请缩短时间段分次导出",
    en: "The export would exceed {max} audit events; export a shorter period at a time",
  },
  privilegedAccount: {
    "zh-CN": "系统管理员不能创建或管理系统管理员、审计员账号（三员分立）；请由运维人员在服务器上使用 npm run users 命令办理",
    en: "The system administrator may not create or manage administrator or auditor accounts (separation of duties); an operator does this on the server with npm run users",
  },
  exportTooLarge: {
    "zh-CN": "导出超过 {max} 行，请先筛选再导出",
    en: "The export would exceed {max} rows; filter the register first",
  },
  totalBelowCompleted: {
    "zh-CN": "总投资不能低于已完成投资{completed}万元",
    en: "The total investment cannot be below the {completed} 万元 already invested",
  },
  datesOutOfOrder: { "zh-CN": "计划竣工日期不能早于计划开工日期", en: "Planned completion cannot be before planned start" },
  lifecycleNotAllowed: { "zh-CN": "项目状态不能由“{from}”改为“{to}”", en: "The project cannot go from {from} to {to}" },
  invalidInput: { "zh-CN": "输入有误，请检查标注的字段", en: "Some fields are not valid; please check them" },
  crossOriginRefused: {
    "zh-CN": "请求来源 {origin} 不被允许：请从本系统的页面操作",
    en: "Requests from {origin} are refused: use the tracker's own pages",
  },
  jsonOnly: {
    "zh-CN": "只接受 application/json 格式的请求",
    en: "Only application/json requests are accepted",
  },
  invalidText: {
    "zh-CN": "输入中含有无法保存的字符（如空字符 U+0000），请删除后重试",
    en: "The input holds a character that cannot be stored (such as NUL, U+0000); remove it and retry",
  },
  internal: {
    "zh-CN": "服务器内部错误，请稍后重试（错误编号 {id}）",
    en: "Something went wrong on the server; please retry (error {id})",
  },
  databaseUnavailable: {
    "zh-CN": "数据库暂时不可用，请稍后重试（错误编号 {id}）",
    en: "The database is unavailable; please retry shortly (error {id})",
  },
  duplicate: {
    "zh-CN": "该记录已存在，可能刚由他人提交；请刷新后再试",
    en: "This record already exists, perhaps just submitted by someone else; reload and try again",
  },
  busyRetry: {
    "zh-CN": "其他人正在同时修改相同的数据，请稍后重试",
    en: "Others are changing the same data at this moment; please retry",
  },
  ruleViolated: {
    "zh-CN": "提交的内容不符合台账规则，未保存（规则 {rule}）",
    en: "This change breaks a rule of the register and was not saved (rule {rule})",
  },
  valueRequired: { "zh-CN": "缺少必填项（{column}），未保存", en: "A required value is missing ({column}); nothing was saved" },
  referenceMissing: {
    "zh-CN": "所引用的记录不存在或已被删除，未保存",
    en: "Something this refers to does not exist or was removed; nothing was saved",
  },
  invalidValue: { "zh-CN": "有数值超出范围或格式不正确，未保存", en: "A value is out of range or malformed; nothing was saved" },
  startBeforeSigning: {
    "zh-CN": "实际开工日期不能早于项目签约日期",
    en: "The actual start cannot be before the project was signed",
  },
  completionBeforeStart: {
    "zh-CN": "实际竣工日期不能早于实际开工日期",
    en: "The actual completion cannot be before the actual start",
  },
  completedAboveTotal: {
    "zh-CN": "累计完成投资不能超过总投资",
    en: "Completed investment cannot exceed the total investment",
  },
  assignmentEndsBeforeStart: {
    "zh-CN": "五定责任的调整时间不能早于其生效时间",
    en: "A five-fixed assignment cannot end before it began",
  },
  resolvedBeforeRaised: {
    "zh-CN": "问题的办结时间不能早于提出时间",
    en: "A problem cannot be resolved before it was raised",
  },
  decidedBeforeSubmitted: {
    "zh-CN": "办结或退回日期不能早于受理日期",
    en: "A permit cannot be decided before it was submitted",
  },
  idempotencyKeyReused: {
    "zh-CN": "该幂等键已用于另一项不同内容的提交，请为新的提交使用新的幂等键",
    en: "This idempotency key was already used for a different request; use a new key for a new request",
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof MESSAGES;

/** Names of the things a message may be about. */
export const ENTITY_NAMES = {
  milestone: { "zh-CN": "节点", en: "milestone" },
  progressReport: { "zh-CN": "进度填报", en: "progress report" },
  project: { "zh-CN": "项目", en: "project" },
  permit: { "zh-CN": "证照事项", en: "permit" },
  problem: { "zh-CN": "问题", en: "problem" },
  fiveFixed: { "zh-CN": "五定责任", en: "five-fixed assignment" },
} as const satisfies Record<string, Record<Locale, string>>;

export type EntityName = keyof typeof ENTITY_NAMES;

export function message(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Picks the locale from an explicit choice or an Accept-Language header. */
export function pickLocale(header: string | undefined): Locale {
  if (!header) return "zh-CN";
  const first = header.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en") ? "en" : "zh-CN";
}
