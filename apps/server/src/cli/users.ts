/**
 * `npm run users -- <command>`: the privileged accounts, managed on the server and never through the
 * API (separation of duties: the system administrator may not create, reset or disable the
 * auditor's account, nor grant the administrator or auditor role). Every act is audited as the
 * "system" actor with the operating system user who ran it.
 *
 *   list                               every account: id, user name, role, disabled, locked
 *   create-auditor <username>          a new auditor account
 *   create-admin <username>            a new system administrator account
 *   reset-password <username>          a new password; unlocks the account and ends its sessions
 *   disable <username> | enable <username>
 *   unlock <username>                  lift the sign-in locks of any account, from every address
 *
 * A new password is generated and printed once, or read from standard input with --password-stdin.
 */
import { DatabaseUnreachableError, DataDirInUseError, openDatabase } from "@tracker/db";
import { lockedUsernames } from "@tracker/db/queries";
import {
  AccountError,
  createPrivilegedAccount,
  currentOperator,
  generatePassword,
  listAccounts,
  resetPassword,
  setAccountDisabled,
  unlockNamedAccount,
} from "../accounts";
import { ConfigError, readEnv } from "../env";

const USAGE =
  "usage: npm run users -- list | create-auditor <username> | create-admin <username> | reset-password <username> | disable <username> | enable <username> | unlock <username> [--password-stdin]";

async function readStdinPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const line = Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  if (!line) throw new ConfigError("--password-stdin: standard input held no password");
  return line;
}

async function main() {
  const args = process.argv.slice(2);
  const fromStdin = args.includes("--password-stdin");
  const [command, username, ...rest] = args.filter((a) => a !== "--password-stdin");
  const needsName = command !== "list";
  if (!command || (needsName && !username) || (!needsName && username) || rest.length > 0) throw new ConfigError(USAGE);
  if (!["list", "create-auditor", "create-admin", "reset-password", "disable", "enable", "unlock"].includes(command)) {
    throw new ConfigError(USAGE);
  }
  const env = readEnv();
  const password =
    command === "create-auditor" || command === "create-admin" || command === "reset-password"
      ? fromStdin
        ? await readStdinPassword()
        : generatePassword()
      : undefined;
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, maxConnections: 2 });
  const operator = currentOperator();
  const now = new Date();
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    await database.migrate();
    if (command === "list") {
      const accounts = await listAccounts(database.db);
      const locked = await lockedUsernames(database.db, now);
      for (const a of accounts) {
        const addresses = locked.get(a.username.toLowerCase());
        const state = [a.disabled ? "disabled" : "", addresses ? `locked from ${addresses} address(es)` : ""]
          .filter(Boolean)
          .join(", ");
        out(`${String(a.id).padStart(4)}  ${a.username.padEnd(20)} ${a.role.padEnd(11)} ${state}`.trimEnd());
      }
    } else if (command === "create-auditor" || command === "create-admin") {
      const role = command === "create-auditor" ? "auditor" : "admin";
      const created = await createPrivilegedAccount(
        database.db,
        { username: username!, role, password: password! },
        operator,
        now,
      );
      out(`created ${role} account ${created.username} (id ${created.id})`);
    } else if (command === "reset-password") {
      const account = await resetPassword(database.db, username!, password!, operator, now);
      out(`new password set for ${account.username} (${account.role}); its sessions ended`);
    } else if (command === "unlock") {
      const { account, cleared } = await unlockNamedAccount(database.db, username!, operator, now);
      out(`unlocked ${account.username} (${account.role}): ${cleared} lock(s) lifted`);
    } else {
      const account = await setAccountDisabled(database.db, username!, command === "disable", operator, now);
      out(`${command === "disable" ? "disabled" : "enabled"} ${account.username} (${account.role})`);
    }
    if (password && !fromStdin) out(`password (shown once; hand it over in person): ${password}`);
    out(`audited as system${operator.osUser ? ` (os user ${operator.osUser})` : ""}`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  const known =
    error instanceof ConfigError ||
    error instanceof AccountError ||
    error instanceof DataDirInUseError ||
    error instanceof DatabaseUnreachableError;
  process.stderr.write(`tracker: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
