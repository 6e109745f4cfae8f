import { assertKnownColumns, matchesFilter, OperandTypeError, UnknownColumnError, type Columns } from './filter-match.js';
import { RestException } from './rest-error.js';
import { parseSqlFilters, SqlFiltersSyntaxError } from './sqlfilters.js';

export interface ListQuery {
  sqlfilters?: string;
  sortfield?: string;
  sortorder?: string;
  limit?: string;
  page?: string;
  pagination_data?: string;
}

export interface ListResult<R> {
  rows: R[];
  /** Set when the caller asked for pagination_data=true. */
  pagination?: { total: number; page: number; page_count: number; limit: number };
}

/**
 * The common part of the index() methods: filter, `ORDER BY`, `LIMIT … OFFSET limit*page` with a 0-based
 * page and a default of 100 rows. `resource` names the list in the 503 message, as Dolibarr does.
 */
export function runListQuery<R extends { id: number }>(records: Iterable<R>, columns: Columns<R>, query: ListQuery, resource: string): ListResult<R> {
  let rows = [...records];
  if (query.sqlfilters) {
    let expression;
    try {
      expression = parseSqlFilters(query.sqlfilters);
    } catch (error) {
      if (error instanceof SqlFiltersSyntaxError) {
        throw new RestException(400, `Error when validating parameter sqlfilters -> ${error.message}`);
      }
      throw error;
    }
    rows = guardSql(resource, () => {
      assertKnownColumns(expression, columns);
      return rows.filter((record) => matchesFilter(expression, record, columns));
    });
  }
  const sortfield = (query.sortfield ?? 't.rowid').toLowerCase();
  const column = columns[sortfield];
  if (!column) throw new RestException(503, `Error when retrieve ${resource} : Unknown column '${sortfield}' in 'ORDER BY'`);
  const direction = (query.sortorder ?? 'ASC').toUpperCase() === 'DESC' ? -1 : 1;
  rows.sort((a, b) => {
    const left = column.read(a);
    const right = column.read(b);
    if (left === right) return a.id - b.id;
    if (left === null) return -direction;
    if (right === null) return direction;
    return (left < right ? -1 : 1) * direction;
  });
  const total = rows.length;
  const limit = toInt(query.limit, 100);
  const page = Math.max(0, toInt(query.page, 0));
  if (limit > 0) rows = rows.slice(limit * page, limit * page + limit);
  const result: ListResult<R> = { rows };
  if (query.pagination_data === 'true' || query.pagination_data === '1') {
    result.pagination = { total, page, page_count: limit > 0 ? Math.ceil(total / limit) : 1, limit };
  }
  return result;
}

function guardSql<T>(resource: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof UnknownColumnError || error instanceof OperandTypeError) {
      throw new RestException(503, `Error when retrieve ${resource} : ${error.message}`);
    }
    throw error;
  }
}

function toInt(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number.parseInt(value, 10);
  return Number.isNaN(parsed) ? fallback : parsed;
}
