import { runService } from '@lumira/http/runtime';
import { userService } from './index.js';

await runService(userService);
