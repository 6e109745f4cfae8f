import type { Criterion, FilterExpression } from './sqlfilters.js';

/**
 * Evaluates a parsed sqlfilters expression the way MySQL would run the SQL Dolibarr forges from it:
 * text compares case-insensitively (default collation), numbers numerically, and dates from quoted
 * 'YYYYMMDDHHMMSS' / 'YYYY-MM-DD HH:MM:SS' strings read as wall-clock times, compared with the column's own
 * wall-clock time (see time-zones.ts).
 */

export type ColumnType = 'number' | 'text' | 'datetime';
/** Datetime columns answer their wall-clock time, as naive seconds. */
export type ColumnValue = string | number | null;

export interface Column<R> {
  type: ColumnType;
  read(record: R): ColumnValue;
}

export type Columns<R> = Record<string, Column<R>>;

/** A column the table does not have: MySQL fails the whole query, Dolibarr answers 503. */
export class UnknownColumnError extends Error {
  override name = 'UnknownColumnError';
}

/**
 * A date compared with a bare number: MySQL would coerce, PostgreSQL refuses. The emulator refuses too,
 * so a client that forgets the quotes fails here rather than on half of the real installations.
 */
export class OperandTypeError extends Error {
  override name = 'OperandTypeError';
}

export function matchesFilter<R>(expression: FilterExpression, record: R, columns: Columns<R>): boolean {
  switch (expression.kind) {
    case 'and':
      return matchesFilter(expression.left, record, columns) && matchesFilter(expression.right, record, columns);
    case 'or':
      return matchesFilter(expression.left, record, columns) || matchesFilter(expression.right, record, columns);
    case 'criterion':
      return matchesCriterion(expression.criterion, record, columns);
  }
}

/** Checks every column name up front, since SQL fails even when no row would be compared. */
export function assertKnownColumns<R>(expression: FilterExpression, columns: Columns<R>): void {
  if (expression.kind === 'criterion') {
    if (!columns[expression.criterion.field]) throw new UnknownColumnError(`Unknown column '${expression.criterion.field}' in 'WHERE'`);
    return;
  }
  assertKnownColumns(expression.left, columns);
  assertKnownColumns(expression.right, columns);
}

function matchesCriterion<R>(criterion: Criterion, record: R, columns: Columns<R>): boolean {
  const column = columns[criterion.field] as Column<R>;
  const actual = column.read(record);
  const { operator, value } = criterion;
  if (operator === 'is' || operator === 'isnot') {
    const isNull = actual === null;
    return operator === 'is' ? isNull : !isNull;
  }
  if (actual === null || value.kind === 'null') return false;
  if (operator === 'in' || operator === 'notin') {
    const found = splitList(criterion.raw).some((item) => compare(column.type, actual, item) === 0);
    return operator === 'in' ? found : !found;
  }
  if (operator === 'like' || operator === 'notlike') {
    const text = value.kind === 'string' ? value.text : String(value.value);
    const found = likePattern(text).test(String(actual));
    return operator === 'like' ? found : !found;
  }
  const operand = value.kind === 'string' ? value.text : value.value;
  if (column.type === 'datetime' && typeof operand === 'number') {
    throw new OperandTypeError(`operator does not exist: timestamp ${operator} numeric`);
  }
  const order = compare(column.type, actual, operand);
  if (order === undefined) return false;
  switch (operator) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    case '>=':
      return order >= 0;
  }
}

/** Negative, zero or positive like a comparator; undefined when the operand cannot be read as that type. */
function compare(type: ColumnType, actual: string | number, operand: string | number): number | undefined {
  if (type === 'number') return Number(actual) - toNumber(operand);
  if (type === 'datetime') {
    const seconds = typeof operand === 'number' ? operand : parseSqlDate(operand);
    return seconds === undefined ? undefined : Number(actual) - seconds;
  }
  const left = String(actual).toLowerCase();
  const right = String(operand).toLowerCase();
  return left < right ? -1 : left > right ? 1 : 0;
}

function toNumber(operand: string | number): number {
  if (typeof operand === 'number') return operand;
  const leading = /^\s*[+-]?\d+(\.\d+)?/.exec(operand);
  return leading ? Number(leading[0]) : 0;
}

export function parseSqlDate(text: string): number | undefined {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})(?:[ T]?(\d{2}):?(\d{2}):?(\d{2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

function splitList(raw: string): Array<string | number> {
  return raw.split(',').map((item) => {
    const trimmed = item.trim();
    const quoted = /^'(.*)'$/s.exec(trimmed);
    return quoted ? (quoted[1] as string) : toNumber(trimmed);
  });
}

function likePattern(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === '\\' && index + 1 < pattern.length) {
      source += escapeRegExp(pattern[++index] as string);
    } else if (char === '%') {
      source += '.*';
    } else if (char === '_') {
      source += '.';
    } else {
      source += escapeRegExp(char);
    }
  }
  return new RegExp(`^${source}$`, 'is');
}

function escapeRegExp(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
