// MySQL errors the planner raises beyond the shared ones in sql/errors.ts.
import { SqlError } from '../errors.js';

export function invalidGroupFuncUse(): SqlError {
  return new SqlError('SQL:InvalidGroupFuncUse', 1111, 'HY000', 'Invalid use of group function');
}

export function notInGroupBy(pos: number, expr: string): SqlError {
  return new SqlError(
    'SQL:WrongFieldWithGroup',
    1055,
    '42000',
    `Expression #${pos} of SELECT list is not in GROUP BY clause and contains nonaggregated column '${expr}' which is not functionally dependent on columns in GROUP BY clause; this is incompatible with sql_mode=only_full_group_by`,
  );
}

export function mixOfGroupColumns(pos: number, expr: string): SqlError {
  return new SqlError(
    'SQL:MixOfGroupFuncAndFields',
    1140,
    '42000',
    `In aggregated query without GROUP BY, expression #${pos} of SELECT list contains nonaggregated column '${expr}'; this is incompatible with sql_mode=only_full_group_by`,
  );
}

export function unionColumnCount(): SqlError {
  return new SqlError('SQL:WrongNumberOfColumnsInSelect', 1222, '21000', 'The used SELECT statements have a different number of columns');
}

export function nonUniqTable(alias: string): SqlError {
  return new SqlError('SQL:NonUniqTable', 1066, '42000', `Not unique table/alias: '${alias}'`);
}

export function wrongWindowSpec(name: string): SqlError {
  return new SqlError('SQL:WindowNoSuchWindow', 3579, 'HY000', `Window name '${name}' is not defined.`);
}

export function windowInWrongPlace(): SqlError {
  return new SqlError('SQL:WindowInvalidWindowFuncUse', 3593, 'HY000', 'You cannot use the window function in this context.');
}

export function wrongArguments(fn: string): SqlError {
  return new SqlError('SQL:WrongArguments', 1210, 'HY000', `Incorrect arguments to ${fn}`);
}

export function badFieldError(column: string, where: string): SqlError {
  return new SqlError('SQL:BadField', 1054, '42S22', `Unknown column '${column}' in '${where}'`);
}

export function derivedDuplicateColumn(name: string): SqlError {
  return new SqlError('SQL:DupFieldName', 1060, '42S21', `Duplicate column name '${name}'`);
}

export function recursiveCteNoUnion(name: string): SqlError {
  return new SqlError('SQL:CteRecursiveRequiresUnion', 3573, 'HY000', `Recursive Common Table Expression '${name}' should contain a UNION`);
}

export function cteMaxRecursion(n: number): SqlError {
  return new SqlError('SQL:CteMaxRecursionDepth', 3636, 'HY000', `Recursive query aborted after ${n + 1} iterations. Try increasing @@cte_max_recursion_depth to a larger value.`);
}

export function updateTargetNotUpdatable(alias: string, op: 'UPDATE' | 'DELETE'): SqlError {
  return new SqlError('SQL:NonUpdatableTable', 1288, 'HY000', `The target table ${alias} of the ${op} is not updatable`);
}

export function unknownTableInMulti(name: string, op: 'MULTI DELETE' | 'MULTI UPDATE'): SqlError {
  return new SqlError('SQL:UnknownTable', 1109, '42S02', `Unknown table '${name}' in ${op}`);
}

export function wrongValueCountOnRow(row: number): SqlError {
  return new SqlError('SQL:WrongValueCountOnRow', 1136, '21S01', `Column count doesn't match value count at row ${row}`);
}

export function fieldSpecifiedTwice(column: string): SqlError {
  return new SqlError('SQL:FieldSpecifiedTwice', 1110, '42000', `Column '${column}' specified twice`);
}

export function invalidDefault(column: string): SqlError {
  return new SqlError('SQL:NoDefaultForField', 1364, 'HY000', `Field '${column}' doesn't have a default value`);
}

export function wrongUsage(a: string, b: string): SqlError {
  return new SqlError('SQL:WrongUsage', 1221, 'HY000', `Incorrect usage of ${a} and ${b}`);
}

export function wrongArgumentsLimit(): SqlError {
  return new SqlError('SQL:WrongArguments', 1210, 'HY000', 'Incorrect arguments to LIMIT');
}

/** 1356 ER_VIEW_INVALID: the view's query no longer binds (a table or column it reads is gone),
 *  or it reads itself through other views. */
export function viewInvalid(db: string, view: string): SqlError {
  return new SqlError(
    'SQL:ViewInvalid',
    1356,
    'HY000',
    `View '${db}.${view}' references invalid table(s) or column(s) or function(s) or definer/invoker of view lack rights to use them`,
  );
}

/** 1471 ER_NON_INSERTABLE_TABLE: INSERT into a view (views are read-only here). */
export function notInsertable(name: string): SqlError {
  return new SqlError('SQL:NonInsertableTable', 1471, 'HY000', `The target table ${name} of the INSERT is not insertable-into`);
}
