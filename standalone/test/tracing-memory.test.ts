import t from 'tap';
import { tracingFlows } from './tracing-flows.js';

tracingFlows(t);
