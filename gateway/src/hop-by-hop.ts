/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1): a proxy answers for its own
 * connections and never passes them on, in either direction. Transfer-Encoding goes too: each side
 * frames its own bodies. Any `Proxy-*` header belongs to the hop as well (credentials for a proxy).
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'http2-settings']);

type HeaderValue = string | string[] | number | undefined;

/** The header names a `Connection` header lists: they are hop-by-hop for that message as well. */
export function connectionTokens(value: HeaderValue): Set<string> {
  const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
  return new Set(
    text
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  );
}

export function isHopByHop(name: string, listed: ReadonlySet<string>): boolean {
  const lower = name.toLowerCase();
  return HOP_BY_HOP.has(lower) || lower.startsWith('proxy-') || listed.has(lower);
}

/** A copy without the hop-by-hop headers, nor those named in `drop` (lower case). */
export function endToEndHeaders<V extends HeaderValue>(
  headers: Readonly<Record<string, V>>,
  drop: readonly string[] = [],
): Record<string, Exclude<V, undefined>> {
  const connection = Object.keys(headers).find((name) => name.toLowerCase() === 'connection');
  const listed = connectionTokens(connection === undefined ? undefined : headers[connection]);
  const kept: Record<string, Exclude<V, undefined>> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || isHopByHop(name, listed) || drop.includes(name.toLowerCase())) continue;
    kept[name.toLowerCase()] = value as Exclude<V, undefined>;
  }
  return kept;
}
