import t from 'tap';
import { newDeadLetterId } from '../src/local/dead-letters.js';

t.test('dead letters written in one millisecond, or while the clock steps back, get ids that sort as they were written', async (t) => {
  const at = Date.UTC(2026, 11, 2, 6, 0, 0);
  const ids = [newDeadLetterId(at), newDeadLetterId(at), newDeadLetterId(at), newDeadLetterId(at - 5), newDeadLetterId(at + 1)];
  t.same([...ids].sort(), ids, 'in the order written');
  t.equal(new Set(ids).size, ids.length, 'all distinct');
});
