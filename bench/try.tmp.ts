import { freshDatabase } from '../api/src/testing/database';
import { measureBooking } from '../bench/booking';
const db = await freshDatabase();
try { console.log(await measureBooking(db.kind, db)); } finally { await db.close(); }
