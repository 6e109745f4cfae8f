import { runService } from '@lumira/http/runtime';
import { notificationService } from './index.js';

await runService(notificationService);
