// sql/types: MySQL's data types and runtime values — descriptors, Decimal, DateTime, Duration,
// JSON, collations, conversions, comparison and storage rules. A pure library: no I/O, no
// session state; the expression layer, the catalog, the row codec and the wire layer use it.
export * from './column-type.js';
export * from './collation.js';
export * from './compare.js';
export * from './convert.js';
export * from './datetime.js';
export * from './decimal.js';
export * from './duration.js';
export * from './interval.js';
export * from './json.js';
export * from './json-path.js';
export * from './number-format.js';
export * from './sql-mode.js';
export * from './store.js';
export * from './value.js';
