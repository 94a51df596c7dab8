/** `npm run db:migrate`: applies every migration in drizzle/ to the configured database. */
import { DatabaseUnreachableError, DataDirInUseError, openDatabase } from "@tracker/db";
import { ConfigError, readEnv } from "../env";

async function main() {
  const env = readEnv();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR });
  try {
    await database.migrate();
    process.stdout.write(`migrations applied on ${database.kind}\n`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof DataDirInUseError || error instanceof DatabaseUnreachableError;
  process.stderr.write(`tracker: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
