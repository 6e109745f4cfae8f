import { isSupportedCurrency, supportedCurrencies } from './currencies.js';
import { invalid, unknownParameter } from './stripe-errors.js';

/**
 * The parameters an endpoint takes, as Stripe checks them. A parameter Stripe does not know is refused with
 * Stripe's own error; one Stripe knows but the emulator does not implement is refused too (listing it here
 * would make the emulator ignore it silently). The fidelity test checks every name here against Stripe's spec.
 */
export type Rule =
  | 'string'
  | 'integer'
  | 'boolean'
  | 'currency'
  | 'metadata'
  | 'expand'
  | 'string_list'
  | { enum: readonly string[] }
  | { object: Rules }
  /** A range filter on a timestamp (`created[gte]=…`) or one exact value. */
  | 'range';
export type Rules = Record<string, Rule>;

/** Every endpoint's rules by `METHOD /route`, for the fidelity test that checks each name against Stripe's spec. */
export const endpointRules = new Map<string, Rules>();

export function rulesOf(endpoint: string, rules: Rules): Rules {
  endpointRules.set(endpoint, rules);
  return rules;
}

export const listParams: Rules = { limit: 'integer', starting_after: 'string', ending_before: 'string', expand: 'expand' };

const describe = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function checkValue(value: unknown, rule: Rule, param: string): void {
  if (rule === 'metadata' || rule === 'expand' || rule === 'string_list') {
    if (value === '') return;
    if (rule === 'metadata') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`Invalid object`, undefined, param);
      for (const [k, v] of Object.entries(value)) {
        if (k.length > 40) throw invalid(`Metadata keys must be at most 40 characters (\`${k}\`).`, undefined, `${param}[${k}]`);
        if (typeof v !== 'string') throw invalid(`Invalid string: ${describe(v)}`, undefined, `${param}[${k}]`);
        if (v.length > 500)
          throw invalid(
            `Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters.`,
            undefined,
            `${param}[${k}]`,
          );
      }
      return;
    }
    const items = Array.isArray(value) ? value : typeof value === 'object' && value ? Object.values(value) : null;
    if (!items || items.some((x) => typeof x !== 'string')) throw invalid('Invalid array', undefined, param);
    return;
  }
  if (typeof rule === 'object' && 'object' in rule) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`Invalid object`, undefined, param);
    checkParams(value as Record<string, unknown>, rule.object, param);
    return;
  }
  if (rule === 'range') {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      checkParams(value as Record<string, unknown>, { gt: 'integer', gte: 'integer', lt: 'integer', lte: 'integer' }, param);
      return;
    }
    checkValue(value, 'integer', param);
    return;
  }
  if (typeof value !== 'string')
    throw invalid(`Invalid ${rule === 'integer' ? 'integer' : rule === 'boolean' ? 'boolean' : 'string'}: ${describe(value)}`, undefined, param);
  if (rule === 'integer' && !/^-?\d+$/.test(value)) throw invalid(`Invalid integer: ${value}`, 'parameter_invalid_integer', param);
  if (rule === 'boolean' && value !== 'true' && value !== 'false') throw invalid(`Invalid boolean: ${value}`, undefined, param);
  if (rule === 'currency' && !isSupportedCurrency(value.toLowerCase())) {
    throw invalid(`Invalid currency: ${value.toLowerCase()}. Stripe currently supports these currencies: ${supportedCurrencies.join(', ')}`, undefined, param);
  }
  if (typeof rule === 'object' && !rule.enum.includes(value)) {
    const choices = rule.enum.length > 1 ? `${rule.enum.slice(0, -1).join(', ')}, or ${rule.enum.at(-1)}` : rule.enum[0];
    throw invalid(`Invalid ${param.replace(/.*\[/, '').replace(']', '')}: must be one of ${choices}`, undefined, param);
  }
}

/** Throws Stripe's 400 for the first parameter that is unknown or malformed. */
export function checkParams(params: Record<string, unknown>, rules: Rules, prefix = ''): void {
  for (const [name, value] of Object.entries(params)) {
    const param = prefix ? `${prefix}[${name}]` : name;
    const rule = rules[name];
    if (!rule) throw unknownParameter(param);
    checkValue(value, rule, param);
  }
}

export function requireParam(params: Record<string, unknown>, name: string): void {
  if (params[name] === undefined || params[name] === '') throw invalid(`Missing required param: ${name}.`, 'parameter_missing', name);
}
