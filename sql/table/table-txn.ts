// What the table layer needs of a transaction: kv/client's Transaction fits, and so does any
// wrapper the session puts around it (statement savepoints, a read-only snapshot view for reads).
import type { Transaction } from '../../kv/client/index.js';

/** Reads and writes of rows and index entries. */
export type TableTxn = Pick<Transaction, 'get' | 'batchGet' | 'iterate' | 'set' | 'insert' | 'delete' | 'lockKeys'>;

/** Reads only (SELECT over a snapshot or a transaction). */
export type TableReader = Pick<Transaction, 'get' | 'batchGet' | 'iterate'>;
