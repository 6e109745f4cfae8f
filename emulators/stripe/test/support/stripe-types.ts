import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

const resources = path.join(path.dirname(createRequire(import.meta.url).resolve('stripe')), 'resources');

/** Which declaration file of stripe-node holds each object's interface. */
const declarations: Record<string, [file: string, name: string]> = {
  payment_intent: ['PaymentIntents', 'PaymentIntent'],
  charge: ['Charges', 'Charge'],
  refund: ['Refunds', 'Refund'],
  dispute: ['Disputes', 'Dispute'],
  customer: ['Customers', 'Customer'],
  payment_method: ['PaymentMethods', 'PaymentMethod'],
  event: ['Events', 'EventBase'],
};

/**
 * The installed stripe package's TypeScript types, read with the compiler: which fields of each object are
 * always present (declared without `?`) at the API version those types follow, recursively.
 */
export class StripeTypes {
  private readonly checker: ts.TypeChecker;
  private readonly program: ts.Program;

  constructor() {
    const files = Object.values(declarations).map(([f]) => path.join(resources, `${f}.d.ts`));
    this.program = ts.createProgram(files, { noEmit: true, strict: true, skipLibCheck: true, noResolve: true, types: [] });
    this.checker = this.program.getTypeChecker();
  }

  private typeOf(object: string): ts.Type | undefined {
    const decl = declarations[object];
    if (!decl) return undefined;
    const sf = this.program.getSourceFile(path.join(resources, `${decl[0]}.d.ts`));
    let found: ts.Type | undefined;
    sf?.forEachChild((n) => {
      if ((ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) && n.name.text === decl[1]) found = this.checker.getTypeAtLocation(n.name);
    });
    return found;
  }

  /** Object members of a type: null/undefined and primitives dropped, the expandable union narrowed by `object`. */
  private objectVariant(type: ts.Type, value: Record<string, unknown>): ts.Type | undefined {
    const members = type.isUnion() ? type.types : [type];
    const objects = members.filter((m) => (m.flags & ts.TypeFlags.Object) !== 0 && this.checker.getPropertiesOfType(m).length > 0);
    if (objects.length <= 1) return objects[0];
    return objects.find((m) => {
      const tag = m.getProperty('object');
      const t = tag ? this.checker.getTypeOfSymbol(tag) : undefined;
      return t?.isStringLiteral() && t.value === value.object;
    });
  }

  private elementType(type: ts.Type): ts.Type | undefined {
    const members = type.isUnion() ? type.types : [type];
    for (const m of members) if (this.checker.isArrayType(m)) return this.checker.getTypeArguments(m as ts.TypeReference)[0];
    return undefined;
  }

  /** Field names a type declares (any optionality). */
  fieldsOf(object: string): Set<string> {
    const type = this.typeOf(object);
    return new Set(type ? this.checker.getPropertiesOfType(type).map((p) => p.name) : []);
  }

  /**
   * Problems of a value against the types: a field the types declare always present but missing, or a field
   * that neither the types nor `alsoKnown` (the spec's names at that path) declare.
   */
  check(object: string, value: unknown, alsoKnown: (path: string) => Set<string> = () => new Set()): string[] {
    const type = this.typeOf(object);
    if (!type) return [`no stripe-node type for ${object}`];
    const problems: string[] = [];
    const walk = (t: ts.Type, v: unknown, at: string, depth: number) => {
      if (depth > 6 || v === null || typeof v !== 'object') return;
      if (Array.isArray(v)) {
        const el = this.elementType(t);
        if (el) for (const item of v) walk(el, item, `${at}[]`, depth + 1);
        return;
      }
      const variant = this.objectVariant(t, v as Record<string, unknown>);
      if (!variant) return;
      const props = this.checker.getPropertiesOfType(variant);
      if (props.length === 0 || this.checker.getIndexInfosOfType(variant).length > 0) return;
      const declared = new Set(props.map((p) => p.name));
      const known = alsoKnown(at);
      for (const p of props) {
        const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
        if (!optional && !(p.name in v)) problems.push(`${at}.${p.name}: always present in stripe-node's types, missing`);
      }
      for (const key of Object.keys(v)) {
        if (!declared.has(key) && !known.has(key)) problems.push(`${at}.${key}: in neither stripe-node's types nor Stripe's spec`);
        const prop = variant.getProperty(key);
        if (prop) walk(this.checker.getTypeOfSymbol(prop), (v as Record<string, unknown>)[key], `${at}.${key}`, depth + 1);
      }
    };
    walk(type, value, object, 0);
    return problems;
  }
}
