// sql/expr/aggregates: aggregate state machines (COUNT, SUM, AVG, MIN, MAX, GROUP_CONCAT, BIT_*,
// variance family, ANY_VALUE/FIRST_ROW, JSON_ARRAYAGG/OBJECTAGG) with mergeable partial states.
import './count.js';
import './sum.js';
import './avg.js';
import './min-max.js';
import './group-concat.js';
import './bit-ops.js';
import './variance.js';
import './any-value.js';
import './json-agg.js';

export * from './aggregate.js';
export { DistinctSet } from './distinct-set.js';
export { groupConcatType } from './group-concat.js';
