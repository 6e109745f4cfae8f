const tags = /<[^>]*>?/g;
const schemeUrls = /\b[a-z][a-z0-9+.-]*:\/\/\S*/gi;
const wwwUrls = /\bwww\.\S*/gi;
const addresses = /\S+@\S+/g;
/** `evil.example`, `win.at.evil.example/path`: what a mail client would turn into a link. */
const bareDomains = /\b[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)*\.[\p{L}]{2,24}\b(?:\/\S*)?/giu;
const controls = /[\p{Cc}\p{Cf}]/gu;

/** Longer than any name a customer types; past it a "name" is a message. */
const MAX_NAME = 80;

/**
 * The customer's name as our mails may show it. Anyone can start a free order for any address, so the
 * name field is a way to put words in the shop's mouth: URLs, addresses, domains and markup are removed
 * (a name rarely has a dot between two words; if it had, the mail greets without it) and the rest is
 * cut to a name's length. Null when nothing is left.
 */
export function mailSafeName(name: string | null): string | null {
  if (!name) return null;
  const cleaned = name
    .replace(controls, ' ')
    .replace(tags, ' ')
    .replace(schemeUrls, ' ')
    .replace(wwwUrls, ' ')
    .replace(addresses, ' ')
    .replace(bareDomains, ' ')
    .replace(/[<>[\]{}]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const short = [...cleaned].slice(0, MAX_NAME).join('').trim();
  return short.length > 0 ? short : null;
}
