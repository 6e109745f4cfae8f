import { nowSeconds, stripeId } from '../object-ids.js';
import type { Obj } from '../store.js';

const noAddress = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };

export function customerObject(p: {
  email: string | null;
  name: string | null;
  description: string | null;
  phone: string | null;
  metadata: Record<string, string>;
}): Obj {
  const id = stripeId('cus', 14);
  return {
    id,
    object: 'customer',
    address: null,
    balance: 0,
    created: nowSeconds(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: p.description,
    discount: null,
    email: p.email,
    invoice_prefix: id.slice(4, 11).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: p.metadata,
    name: p.name,
    next_invoice_sequence: 1,
    phone: p.phone,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
}

/** What a deleted customer reads as, from then on. */
export const deletedCustomer = (id: string) => ({ id, object: 'customer', deleted: true as const });

export { noAddress };
