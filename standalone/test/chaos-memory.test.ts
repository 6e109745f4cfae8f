import t from 'tap';
import { killFlows } from './chaos/kill-flows.js';

killFlows(t, 'memory');
