/**
 * The "universal search criteria" syntax of forgeSQLFromUniversalSearchCriteria():
 * `(field:op:value)` criteria joined by `and`/`or` and nested in parentheses. Like Dolibarr, a value may not
 * contain a parenthesis, a filter not wrapped in parentheses gets wrapped, and only `and`, `or`, `AND`, `OR`,
 * spaces and parentheses may appear between criteria. Dolibarr checks that much and leaves the rest to the
 * database; this parser refuses anything that would not make a valid SQL condition with the same message.
 */

export const operators = ['<=', '>=', '!=', '=', '<', '>', 'notin', 'in', 'notlike', 'like', 'isnot', 'is'] as const;
export type Operator = (typeof operators)[number];

export type FilterValue = { kind: 'string'; text: string } | { kind: 'number'; value: number } | { kind: 'null' };

export interface Criterion {
  field: string;
  operator: Operator;
  /** The value as written, for `in`/`notin` lists. */
  raw: string;
  value: FilterValue;
}

export type FilterExpression = { kind: 'criterion'; criterion: Criterion } | { kind: 'and' | 'or'; left: FilterExpression; right: FilterExpression };

export class SqlFiltersSyntaxError extends Error {
  override name = 'SqlFiltersSyntaxError';
}

const criterionPattern = new RegExp(`\\(([a-zA-Z0-9_.]+):(${operators.join('|')}):([^()]+)\\)`, 'iy');
const keywordPattern = /and|AND|or|OR/y;

type Token = { kind: '(' | ')' | 'and' | 'or' } | { kind: 'criterion'; criterion: Criterion };

export function parseSqlFilters(input: string): FilterExpression {
  const filter = /^\(.*\)$/s.test(input) ? input : `(${input})`;
  checkBalance(filter);
  const tokens = tokenize(filter);
  let position = 0;
  const badSyntax = (): never => {
    throw new SqlFiltersSyntaxError(`Bad syntax of the search string: ${filter}`);
  };
  const peek = (): Token | undefined => tokens[position];

  const parseOr = (): FilterExpression => {
    let left = parseAnd();
    while (peek()?.kind === 'or') {
      position += 1;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): FilterExpression => {
    let left = parseFactor();
    while (peek()?.kind === 'and') {
      position += 1;
      left = { kind: 'and', left, right: parseFactor() };
    }
    return left;
  };
  const parseFactor = (): FilterExpression => {
    const token = tokens[position++];
    if (token?.kind === 'criterion') return { kind: 'criterion', criterion: token.criterion };
    if (token?.kind !== '(') return badSyntax();
    const inner = parseOr();
    if (tokens[position++]?.kind !== ')') badSyntax();
    return inner;
  };

  const expression = parseOr();
  if (position !== tokens.length) badSyntax();
  return expression;
}

function checkBalance(filter: string): void {
  let depth = 0;
  for (const char of filter) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (depth < 0) break;
  }
  if (depth !== 0) throw new SqlFiltersSyntaxError(`Wrong balance of parenthesis in sqlfilters=${filter}`);
}

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < filter.length) {
    const char = filter[index] as string;
    if (char === ' ') {
      index += 1;
      continue;
    }
    criterionPattern.lastIndex = index;
    const criterion = criterionPattern.exec(filter);
    if (criterion) {
      tokens.push({ kind: 'criterion', criterion: toCriterion(criterion[1] as string, criterion[2] as string, criterion[3] as string) });
      index = criterionPattern.lastIndex;
      continue;
    }
    if (char === '(' || char === ')') {
      tokens.push({ kind: char });
      index += 1;
      continue;
    }
    keywordPattern.lastIndex = index;
    const keyword = keywordPattern.exec(filter);
    if (!keyword) throw new SqlFiltersSyntaxError(`Bad syntax of the search string: ${filter}`);
    tokens.push({ kind: keyword[0].toLowerCase() as 'and' | 'or' });
    index = keywordPattern.lastIndex;
  }
  return tokens;
}

function toCriterion(field: string, operator: string, raw: string): Criterion {
  return { field: field.toLowerCase(), operator: operator.toLowerCase() as Operator, raw, value: parseValue(raw) };
}

/** As dolForgeCriteriaCallback(): a quoted string, NULL, or else whatever PHP's (float) cast makes of it. */
function parseValue(raw: string): FilterValue {
  const quoted = /^'(.*)'$/s.exec(raw);
  if (quoted) return { kind: 'string', text: quoted[1] as string };
  if (raw.trim().toUpperCase() === 'NULL') return { kind: 'null' };
  const leadingNumber = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(raw);
  return { kind: 'number', value: leadingNumber ? Number(leadingNumber[0]) : 0 };
}
