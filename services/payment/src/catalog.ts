import { readFile } from 'node:fs/promises';
import { catalogFileSchema, type Product } from '@lumira/contracts/catalog';

export interface Catalog {
  list(): Product[];
  find(id: string): Product | undefined;
}

export function catalogOf(products: Product[]): Catalog {
  const byId = new Map(products.map((p) => [p.id, p]));
  return { list: () => [...products].sort((a, b) => a.level - b.level), find: (id) => byId.get(id) };
}

/** Prices are data: a bad file stops the service at start with the offending field named. */
export async function loadCatalog(path: string): Promise<Catalog> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(`CATALOG_PATH: cannot read ${path} as JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = catalogFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`CATALOG_PATH: ${path} is not a valid catalog (${issues})`);
  }
  return catalogOf(parsed.data.products);
}
