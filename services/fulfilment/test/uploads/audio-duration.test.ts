import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { tempDir } from '@lumira/testing';
import { checkAudioDuration, formatDuration, readAudioDuration } from '../../src/uploads/audio-duration.js';
import { mp3, pdf, wav } from '@lumira/testing/media';

t.test('a recording within the tolerance passes; one far from the promise is refused with the figures', async (t) => {
  t.ok(checkAudioDuration(300, 5, 20).ok, 'exactly the promise');
  t.ok(checkAudioDuration(240, 5, 20).ok, 'the lower edge');
  t.ok(checkAudioDuration(360, 5, 20).ok, 'the upper edge');
  const short = checkAudioDuration(60, 5, 20);
  t.notOk(short.ok);
  t.equal(short.message, 'The audio lasts 1 min 00 s; this level promises 5 min 00 s (accepted: 4 min 00 s to 6 min 00 s)');
  t.notOk(checkAudioDuration(361, 5, 20).ok, 'just over');
  t.notOk(checkAudioDuration(299, 5, 0).ok, 'no tolerance: exact only');
});

t.test('durations read as people write them', async (t) => {
  t.equal(formatDuration(45), '45 s');
  t.equal(formatDuration(65.4), '1 min 05 s');
  t.equal(formatDuration(1500), '25 min 00 s');
});

t.test('the duration is measured in the file: WAV from its header, MP3 by counting frames', async (t) => {
  const dir = await tempDir();
  t.teardown(() => dir.remove());
  const write = async (name: string, content: Buffer) => {
    const file = path.join(dir.dir, name);
    await writeFile(file, content);
    return file;
  };
  t.equal(await readAudioDuration(await write('a.wav', wav(300))), 300);
  t.ok(Math.abs((await readAudioDuration(await write('a.mp3', mp3(120))))! - 120) < 0.1, 'an MP3 with no length header');
  t.equal(await readAudioDuration(await write('a.pdf', pdf())), null, 'not audio');
  t.equal(await readAudioDuration(await write('empty.wav', wav(0))), null, 'no sound at all');
});
