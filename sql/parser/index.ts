// sql/parser: SQL text (MySQL dialect) → Strata's typed AST. node-sql-parser does the grammar,
// a tokenizer + rewrite pre-pass keeps literals exact and fills its gaps, hand-written parsers
// take SHOW / SET / transaction statements. Errors are MySQL's 1064 and 1235.
export type * from './ast.js';
export { parse, parseOne, parseExpr } from './parse.js';
export { columnType, castTargetOf, type TypeSpec } from './data-type.js';
export { printExpr, printStatement } from './print.js';
