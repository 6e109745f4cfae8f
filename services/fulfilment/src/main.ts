import { runService } from '@lumira/http/runtime';
import { fulfilmentService } from './index.js';

await runService(fulfilmentService);
