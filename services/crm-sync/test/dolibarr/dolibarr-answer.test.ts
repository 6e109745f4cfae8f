import { gzipSync } from 'node:zlib';
import t from 'tap';
import { decodeAnswer } from '../../src/dolibarr/dolibarr-answer.js';

const json = { contentType: 'application/json; charset=utf-8', contentEncoding: '' };
const gzipped = { ...json, contentEncoding: 'gzip' };
const html = '<div class="error">Dolibarr has detected a technical error.<br></div>\n';

t.test('plain and gzip JSON', async (t) => {
  t.same(decodeAnswer(Buffer.from('{"id":"1"}'), json), { json: { value: { id: '1' } } });
  t.same(decodeAnswer(gzipSync('12'), gzipped), { json: { value: 12 } });
  t.same(decodeAnswer(Buffer.from('null'), json), { json: { value: null } }, 'a JSON null is an answer');
  t.same(decodeAnswer(gzipSync('[1]'), json), { json: { value: [1] } }, 'gzip data without the header is still read');
});

t.test('HTML printed in front of gzip data, or of plain JSON', async (t) => {
  const behindGzip = decodeAnswer(Buffer.concat([Buffer.from(html), gzipSync('{"error":{"code":500}}')]), gzipped);
  t.same(behindGzip.json, { value: { error: { code: 500 } } });
  t.equal(behindGzip.page, 'Dolibarr has detected a technical error.');
  const behindText = decodeAnswer(Buffer.from(`${html}{"a":"<b>x</b>"}`), json);
  t.same(behindText.json, { value: { a: '<b>x</b>' } }, 'a ">" inside the JSON does not cut it');
  t.equal(behindText.page, 'Dolibarr has detected a technical error.');
});

t.test('pages that are not answers', async (t) => {
  t.same(decodeAnswer(Buffer.from('Module <b>Api</b> must be enabled.<br><br>To activate modules'), { contentType: 'text/html', contentEncoding: '' }), {
    page: 'Module Api must be enabled. To activate modules',
  });
  t.same(
    decodeAnswer(Buffer.from('<html><body><h1>Error</h1> 500</body></html>'), { contentType: 'text/html', contentEncoding: '' }),
    { page: 'Error 500' },
    'no JSON read out of an HTML page',
  );
  t.same(decodeAnswer(Buffer.from(''), json), {});
  t.match(decodeAnswer(Buffer.from('x'.repeat(1000)), { contentType: 'text/plain', contentEncoding: '' }).page, /^x{300}…$/, 'shortened');
  t.same(decodeAnswer(Buffer.from([0x1f, 0x8b, 0x08, 0x00]), gzipped).json, undefined, 'broken gzip is no answer');
});
