import { randomFillSync } from 'node:crypto';

/**
 * Random bytes for ids, drawn from a pool refilled 4 KiB at a time. Each `randomBytes(n)` call is a
 * synchronous crypto job of ~10 µs whatever n is (measured on Node 24), and an order made five of them:
 * about 5 % of the services' CPU in the benchmark. Node's own randomUUID() pools the same way. The bytes
 * are the same CSPRNG's and none is handed out twice. Secrets (keys, credentials) keep randomBytes: they
 * are rare, and a pool holds the next ids in memory.
 */
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

/** `size` (at most 4 KiB) random bytes as hex or base64url: the shapes of our ids. Not for secrets. */
export function randomText(size: number, encoding: 'hex' | 'base64url'): string {
  if (!Number.isInteger(size) || size <= 0 || size > POOL_SIZE) throw new RangeError(`randomText: size ${size} is not within 1…${POOL_SIZE}`);
  if (offset + size > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const text = pool.toString(encoding, offset, offset + size);
  offset += size;
  return text;
}
