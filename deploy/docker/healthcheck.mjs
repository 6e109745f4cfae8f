// Container health probe without curl (slim images have none): GET http://127.0.0.1:$PORT<path>, healthy on a 2xx.
// Usage: node deploy/docker/healthcheck.mjs [/health]
const path = process.argv[2] ?? '/health';
const port = process.env.PORT || '3000';
try {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
