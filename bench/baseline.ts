import { createServer } from 'node:http';
import { runLoad, type LoadResult } from './load.js';

/**
 * A raw `node:http` hello-world on this thread, driven by the same load generator as the system. Its rate
 * says how fast this machine is right now, so a run's figures can be divided by it and compared across
 * machines (and across the machine's neighbours).
 */
export async function measureBaseline(count: number, concurrency: number): Promise<LoadResult> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end('hello');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  try {
    await runLoad({ kind: 'get', url, count: Math.min(2_000, count), concurrency });
    return await runLoad({ kind: 'get', url, count, concurrency });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
