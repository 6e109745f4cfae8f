import { z } from 'zod';

export const currencySchema = z.string().regex(/^[a-z]{3}$/, 'a lowercase ISO 4217 code such as "eur"');

export const productSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, "-" or "_"'),
  level: z.number().int().min(1).max(99),
  name: z.string().min(1).max(120),
  description: z.string().max(500),
  amount: z.number().int().min(0).max(99_999_999),
  currency: currencySchema,
});
export type Product = z.infer<typeof productSchema>;

export const catalogFileSchema = z
  .object({ products: z.array(productSchema).min(1) })
  .superRefine((catalog, ctx) => {
    const seen = new Set<string>();
    for (const [i, product] of catalog.products.entries()) {
      if (seen.has(product.id)) {
        ctx.addIssue({ code: 'custom', path: ['products', i, 'id'], message: `duplicate product id "${product.id}"` });
      }
      seen.add(product.id);
    }
  });
export type CatalogFile = z.infer<typeof catalogFileSchema>;
