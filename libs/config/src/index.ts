export { env, type VarSpec, type ConfigSpec, type ConfigOf } from './variables.js';
export { loadConfig, exitOnConfigError, ConfigError } from './load.js';
export { commonConfig, telemetryConfig } from './common.js';
export {
  timeoutVars,
  timeoutBudgetProblems,
  stripeCallMs,
  handlerBudgetMs,
  checkoutChainMs,
  fitStripeCall,
  STRIPE_NETWORK_RETRIES,
  CHECKOUT_CLEANUP_MS,
  type TimeoutBudgetInput,
} from './timeout-budget.js';
