import { waitFor } from '@lumira/testing';
import type { EventData } from '@lumira/contracts';
import { ADMIN, orderFacts, type Harness } from './harness.js';

let seq = 0;

/** What the Expert App and the admin do, as calls on a harness. */
export function expertClient(h: Harness) {
  return {
    async createExpert(name = 'Morgane'): Promise<{ id: string; token: string }> {
      const res = await h.api('/api/admin/experts', { method: 'POST', token: ADMIN, json: { email: `expert.${process.pid}.${seq++}@lumira.test`, name } });
      if (res.status !== 201) throw new Error(`expert not created: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    /** Publishes order.completed and waits for its reading. */
    async queue(over: Partial<EventData<'order.completed'>> = {}) {
      const order = orderFacts(over);
      await h.bus.publish('order.completed', order);
      const reading = await waitFor(() => h.readings.findOne({ orderId: order.orderId }), { what: `reading of ${order.orderId}` });
      return { order, reading };
    },
    claim: (id: string, token: string) => h.api(`/api/expert/readings/${id}/claim`, { method: 'POST', token }),
    release: (id: string, token: string) => h.api(`/api/expert/readings/${id}/release`, { method: 'POST', token }),
    deliver: (id: string, token: string) => h.api(`/api/expert/readings/${id}/deliver`, { method: 'POST', token }),
    read: (id: string, token: string) => h.api(`/api/expert/readings/${id}`, { token }),
    upload: (id: string, kind: string, body: Buffer | ReadableStream, token: string, headers: Record<string, string> = {}) =>
      h.api(`/api/expert/readings/${id}/files/${kind}`, {
        method: 'PUT',
        token,
        body: body as RequestInit['body'],
        headers: { 'content-type': 'application/octet-stream', ...headers },
      }),
    remove: (id: string, kind: string, token: string) => h.api(`/api/expert/readings/${id}/files/${kind}`, { method: 'DELETE', token }),
  };
}

/** A body sent chunked (no Content-Length), as a client streaming a file it has not measured would. */
export function chunked(content: Buffer, chunk = 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= content.length) return controller.close();
      controller.enqueue(new Uint8Array(content.subarray(offset, offset + chunk)));
      offset += chunk;
    },
  });
}
