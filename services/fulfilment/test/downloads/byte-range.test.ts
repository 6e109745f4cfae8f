import t from 'tap';
import { parseRange } from '../../src/downloads/byte-range.js';

t.test('single ranges as audio players send them', async (t) => {
  t.same(parseRange('bytes=0-99', 1000), { start: 0, end: 99 });
  t.same(parseRange('bytes=500-', 1000), { start: 500, end: 999 }, 'open-ended');
  t.same(parseRange('bytes=-100', 1000), { start: 900, end: 999 }, 'the last bytes');
  t.same(parseRange('bytes=-5000', 1000), { start: 0, end: 999 }, 'a suffix longer than the file');
  t.same(parseRange('bytes=990-5000', 1000), { start: 990, end: 999 }, 'an end past the file is clipped');
});

t.test('no header, or one we do not serve, means the whole file', async (t) => {
  t.equal(parseRange(undefined, 1000), 'none');
  t.equal(parseRange('bytes=0-1,5-6', 1000), 'none', 'several ranges');
  t.equal(parseRange('items=0-5', 1000), 'none', 'another unit');
  t.equal(parseRange('bytes=9-3', 1000), 'none', 'an inverted range is invalid, so ignored');
  t.equal(parseRange('bytes=-', 1000), 'none');
});

t.test('ranges outside the file are unsatisfiable (416)', async (t) => {
  t.equal(parseRange('bytes=1000-', 1000), 'unsatisfiable');
  t.equal(parseRange('bytes=-0', 1000), 'unsatisfiable');
  t.equal(parseRange('bytes=0-', 0), 'unsatisfiable', 'an empty file has no byte to give');
});
