import t from 'tap';
import { MongoClient } from 'mongodb';
import { openStore } from '@lumira/store';
import { storeContract } from './contract.js';

// No MongoDB server can be installed on the development machines; CI's workflow provides one.
const url = process.env.MONGODB_URL;
t.test('the store contract on MongoDB', { skip: url ? false : 'MONGODB_URL not set: this run happens in the GitHub workflow' }, async (t) => {
  // The TTL monitor runs every 60 s by default: once a second here, so the retention test is quick.
  const admin = new MongoClient(url!);
  await admin.db('admin').command({ setParameter: 1, ttlMonitorSleepSecs: 1 });
  await admin.close();
  storeContract(t, () => openStore({ mongodbUrl: url, mongodbDb: `lumira_contract_${process.pid}`, dataDir: '/nonexistent' }));
});
