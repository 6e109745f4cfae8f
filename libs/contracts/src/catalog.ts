import { z } from 'zod';

export const currencySchema = z.string().regex(/^[a-z]{3}$/, 'a lowercase ISO 4217 code such as "eur"');

/** The three kinds of file a reading can be made of: the written reading, its recording, and a picture (a card, a mandala). */
export const deliverableKindSchema = z.enum(['pdf', 'audio', 'image']);
export type DeliverableKind = z.infer<typeof deliverableKindSchema>;

/**
 * What a level promises the customer, file by file. The audio's length is a promise the service holds
 * the expert to (an upload far from it is refused); the PDF's pages and the image's subject guide the expert.
 */
export const deliverablesSchema = z
  .object({
    pdf: z.object({ minPages: z.number().int().min(1).max(500), maxPages: z.number().int().min(1).max(500) }).optional(),
    audio: z.object({ minutes: z.number().positive().max(600) }).optional(),
    image: z.object({ subject: z.string().min(1).max(60) }).optional(),
  })
  .strict()
  .refine((d) => Boolean(d.pdf ?? d.audio ?? d.image), 'a level delivers at least one file')
  .refine((d) => !d.pdf || d.pdf.minPages <= d.pdf.maxPages, 'pdf.minPages is above pdf.maxPages');
export type Deliverables = z.infer<typeof deliverablesSchema>;

export const productSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, "-" or "_"'),
  level: z.number().int().min(1).max(99),
  name: z.string().min(1).max(120),
  description: z.string().max(500),
  amount: z.number().int().min(0).max(99_999_999),
  currency: currencySchema,
  /** Absent: the product is sold but nothing is made for it (the fulfilment service refuses such a catalog). */
  deliverables: deliverablesSchema.optional(),
});
export type Product = z.infer<typeof productSchema>;

export const catalogFileSchema = z.object({ products: z.array(productSchema).min(1) }).superRefine((catalog, ctx) => {
  const seen = new Set<string>();
  for (const [i, product] of catalog.products.entries()) {
    if (seen.has(product.id)) {
      ctx.addIssue({ code: 'custom', path: ['products', i, 'id'], message: `duplicate product id "${product.id}"` });
    }
    seen.add(product.id);
  }
});
export type CatalogFile = z.infer<typeof catalogFileSchema>;
