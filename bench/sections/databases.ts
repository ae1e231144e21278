import { openDatabase, type Database } from '../../api/src/db/open';
import { freshDatabase } from '../../api/src/testing/database';

/**
 * Runs `measure` on a fresh embedded PGlite and, when DATABASE_URL is set, on a fresh database on that PostgreSQL;
 * each closed afterwards. The results come in that order, labelled as the tables print them.
 */
export async function onEachDatabase<T>(measure: (label: string, database: Database) => Promise<T>): Promise<T[]> {
  const databases: [string, () => Promise<Database>][] = [['embedded PGlite', () => openDatabase({})]];
  if (process.env.DATABASE_URL) databases.push(['PostgreSQL', () => freshDatabase()]);
  const results: T[] = [];
  for (const [label, open] of databases) {
    const database = await open();
    try {
      results.push(await measure(label, database));
    } finally {
      await database.close();
    }
  }
  return results;
}
