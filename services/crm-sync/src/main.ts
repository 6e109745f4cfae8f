import { runService } from '@lumira/http/runtime';
import { crmSyncService } from './index.js';

await runService(crmSyncService);
