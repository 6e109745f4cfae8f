import t from 'tap';
import { checkLink, signLink } from '../../src/downloads/signed-link.js';

const key = Buffer.alloc(32, 7);
const target = { readingId: 'rdg_a', fileId: 'fil_b' };

t.test('a link checks out until it expires', async (t) => {
  const signature = signLink(key, target, 1_000);
  t.equal(checkLink(key, target, 1_000, signature, 999), 'valid');
  t.equal(checkLink(key, target, 1_000, signature, 1_000), 'valid', 'through its last second');
  t.equal(checkLink(key, target, 1_000, signature, 1_001), 'expired');
});

t.test('any change to the link makes it a forgery', async (t) => {
  const signature = signLink(key, target, 1_000);
  t.equal(checkLink(key, target, 2_000, signature, 0), 'forged', 'a later expiry');
  t.equal(checkLink(key, { ...target, fileId: 'fil_c' }, 1_000, signature, 0), 'forged', 'another file');
  t.equal(checkLink(key, { ...target, readingId: 'rdg_z' }, 1_000, signature, 0), 'forged', 'another reading');
  t.equal(checkLink(Buffer.alloc(32, 8), target, 1_000, signature, 0), 'forged', 'another key');
  t.equal(checkLink(key, target, 1_000, `${signature.slice(0, -2)}AA`, 0), 'forged', 'an edited signature');
  t.equal(checkLink(key, target, 1_000, 'short', 0), 'forged', 'a signature of the wrong length');
  t.equal(checkLink(key, target, 2_000, signature, 5_000), 'forged', 'an edited expiry reads as forged even once past');
});
