import t from 'tap';
import { mailSafeName } from '../../src/mail/mail-safe-name.js';

t.test('ordinary names pass unchanged', async (t) => {
  for (const name of ['Élise', 'Ada Lovelace', "O'Brien", 'Jean-Paul Sartre', 'J. R. R. Tolkien', '李小龍', 'Zoë & Max'])
    t.equal(mailSafeName(name), name, name);
  t.equal(mailSafeName(null), null);
  t.equal(mailSafeName(''), null);
});

t.test('links, addresses, domains and markup are taken out', async (t) => {
  t.equal(mailSafeName('Élise <b>'), 'Élise');
  t.equal(mailSafeName('Win big at https://evil.example/promo now'), 'Win big at now');
  t.equal(mailSafeName('Visit www.evil.example'), 'Visit');
  t.equal(mailSafeName('Claim at evil.example/prize'), 'Claim at');
  t.equal(mailSafeName('Prize: EVIL.EXAMPLE'), 'Prize:', 'a domain in capitals');
  t.equal(mailSafeName('write winner@evil.example'), 'write');
  t.equal(mailSafeName('<a href="https://evil.example">Click</a>'), 'Click');
  t.equal(mailSafeName('hxxp://x.y javascript://alert(1)'), null);
  t.equal(mailSafeName('<img src=x onerror=alert(1)'), null, 'an unclosed tag');
  t.equal(mailSafeName('Ada\r\nBcc: x'), 'Ada Bcc: x', 'no line break survives');
});

t.test("a name is cut to a name's length", async (t) => {
  t.equal([...mailSafeName('é'.repeat(300))!].length, 80);
});
