import t from 'tap';
import { acceptedFor, sniffFormat } from '../../src/uploads/file-format.js';
import { mp3, pdf, png, wav } from '@lumira/testing/media';

const bytes = (...values: (number | string)[]) => Buffer.concat(values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from([v]))));

t.test('each accepted format is recognised by its first bytes', async (t) => {
  t.equal(sniffFormat(pdf()), 'pdf');
  t.equal(sniffFormat(png()), 'png');
  t.equal(sniffFormat(wav(1)), 'wav');
  t.equal(sniffFormat(mp3(1)), 'mp3');
  t.equal(sniffFormat(bytes('ID3', 4, 0, 0, 0, 0, 0, 0, 0, 0)), 'mp3', 'an MP3 with an ID3 tag');
  t.equal(sniffFormat(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'JFIF', 0)), 'jpeg');
  t.equal(sniffFormat(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 ')), 'webp');
  t.equal(sniffFormat(bytes('OggS', 0, 2, 0, 0, 0, 0, 0, 0)), 'ogg');
  t.equal(sniffFormat(bytes('fLaC', 0, 0, 0, 0x22, 0, 0, 0, 0)), 'flac');
  t.equal(sniffFormat(bytes(0, 0, 0, 0x20, 'ftypM4A ')), 'm4a');
});

t.test('what is not one of them is not taken for one', async (t) => {
  t.equal(sniffFormat(Buffer.from('<html><body>hello</body></html>')), null, 'HTML');
  t.equal(sniffFormat(Buffer.from('{"a":1}')), null, 'JSON');
  t.equal(sniffFormat(bytes('MZ', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0)), null, 'an executable');
  t.equal(sniffFormat(bytes(0xff, 0xf1, 0x50, 0x80, 0, 0x1f, 0xfc)), null, 'ADTS AAC shares the MPEG sync but is not layer III');
  t.equal(sniffFormat(bytes(0, 0, 0, 0x20, 'ftypqt  ')), null, 'a QuickTime movie');
  t.equal(sniffFormat(Buffer.alloc(0)), null, 'nothing');
  t.equal(sniffFormat(Buffer.from('%PD')), null, 'a truncated signature');
});

t.test('a format counts only for its kind', async (t) => {
  t.ok(acceptedFor('pdf', 'pdf'));
  t.ok(acceptedFor('audio', 'mp3'));
  t.ok(acceptedFor('image', 'png'));
  t.notOk(acceptedFor('audio', 'pdf'), 'a PDF is not audio');
  t.notOk(acceptedFor('image', 'wav'));
  t.notOk(acceptedFor('pdf', null));
});
