/**
 * Runs the live measurement in a process of its own and prints its result as JSON: millisecond latencies should
 * not depend on the heap the bench's other sections left behind in the main process.
 */
import { freshDatabase } from '../api/src/testing/database';
import { measureLive } from './live';

const database = await freshDatabase();
try {
  process.stdout.write(JSON.stringify(await measureLive(database, JSON.parse(process.argv[2]!))) + '\n');
} finally {
  await database.close();
}
