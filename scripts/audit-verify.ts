import { loadConfig } from '../server/config';
import { verifyAuditChain } from '../server/store/auditChain';
import { openStore } from '../server/store/store';

/**
 * `npm run audit-verify`: walks the audit trail's hash chain in the configured store
 * (DATA_DIR or DATABASE_URL) and names the first broken link. Exit code 0 when intact, 2 when
 * broken. Print the head hash somewhere safe: a later run that shows a different history with
 * the same number of rows proves the whole chain was rewritten.
 */
async function main() {
  const config = loadConfig();
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    const result = await verifyAuditChain(store.db);
    if (result.intact) {
      console.log(`Audit trail intact: ${result.rowsChecked} rows, head ${result.headHash}`);
      return;
    }
    console.log(
      `Audit trail BROKEN at row ${result.firstBreak!.auditId}: ${result.firstBreak!.reason} (${result.rowsChecked} rows before it are intact)`,
    );
    process.exitCode = 2;
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
