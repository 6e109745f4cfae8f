import { runService } from '@lumira/http/runtime';
import { orderService } from './index.js';

await runService(orderService);
