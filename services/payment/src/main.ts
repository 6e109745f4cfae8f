import { runService } from '@lumira/http/runtime';
import { paymentService } from './index.js';

await runService(paymentService);
