import { cpus } from 'node:os';
import { benchAudit } from './audit.bench.js';
import { benchCommandPath } from './command-path.bench.js';
import { benchHttp } from './http.bench.js';
import { benchSla } from './sla.bench.js';
import { benchEventStore } from './event-store.bench.js';
import { printTable } from './bench-row.js';

/** `npm run bench`: speed figures live here, never in timed unit tests. */
async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  console.log(`Machine: ${cpus().length} × ${cpu}, Node ${process.version}, ${process.platform}`);
  printTable('Event store (SQLite, synchronous=FULL)', await benchEventStore());
  printTable('Workflow engine', await benchCommandPath());
  printTable('Audit', await benchAudit());
  printTable('SLA sweeper', await benchSla());
  printTable('HTTP (complaint creates, SQLite synchronous=FULL, group commit)', await benchHttp());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
