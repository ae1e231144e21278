// The console's bundle (dist/console.js, served at /admin/console.js): its own entry, never loaded by customer pages.
import './porch-console.js';
