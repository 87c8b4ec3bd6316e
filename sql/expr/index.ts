// sql/expr: MySQL's built-in scalar functions and operators over runtime Values, in a registry
// the planner binds calls against, plus aggregate state machines. A pure library: no I/O;
// time, randomness and session facts come from the EvalContext.
import './functions/index.js';

export * from './context.js';
export * from './registry.js';
export * from './type-infer.js';
export { likeMatch } from './functions/comparison.js';
export * from './aggregates/index.js';
export * from './expression.js';
