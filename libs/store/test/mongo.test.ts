import t from 'tap';
import { openStore } from '@lumira/store';
import { storeContract } from './contract.js';

// No MongoDB server can be installed on the development machines; CI's workflow provides one.
const url = process.env.MONGODB_URL;
if (!url) {
  t.comment('MONGODB_URL not set: the MongoDB run of the store contract happens in the GitHub workflow');
  t.pass('MongoDB contract run not applicable without MONGODB_URL');
} else {
  storeContract(t, () => openStore({ mongodbUrl: url, mongodbDb: `lumira_contract_${process.pid}`, dataDir: '/nonexistent' }));
}
