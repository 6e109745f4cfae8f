import { readFile } from 'node:fs/promises';
import { ConfigError } from '@lumira/config';
import { catalogFileSchema, type Deliverables, type Product } from '@lumira/contracts/catalog';

export interface LevelCatalog {
  /**
   * What a purchase promises, by its product, else by its level (a product renamed since the purchase);
   * null when the catalog no longer knows either.
   */
  deliverablesFor(productId: string, level: number): Deliverables | null;
}

export function levelCatalogOf(products: Product[]): LevelCatalog {
  const byId = new Map(products.map((p) => [p.id, p.deliverables]));
  const byLevel = new Map(products.map((p) => [p.level, p.deliverables]));
  return { deliverablesFor: (productId, level) => byId.get(productId) ?? byLevel.get(level) ?? null };
}

/** The payment service's catalog file; here every product must say what it delivers. */
export async function loadLevelCatalog(path: string): Promise<LevelCatalog> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new ConfigError('fulfilment', [`CATALOG_PATH: cannot read ${path} as JSON (${(err as Error).message})`]);
  }
  const parsed = catalogFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError('fulfilment', [`CATALOG_PATH: ${path} is not a valid catalog (${issues})`]);
  }
  const silent = parsed.data.products.filter((p) => !p.deliverables).map((p) => p.id);
  if (silent.length > 0) throw new ConfigError('fulfilment', [`CATALOG_PATH: ${path} does not say what ${silent.join(', ')} deliver(s) (add "deliverables")`]);
  return levelCatalogOf(parsed.data.products);
}
