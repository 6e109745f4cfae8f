export { env, type VarSpec, type ConfigSpec, type ConfigOf } from './variables.js';
export { loadConfig, exitOnConfigError, ConfigError } from './load.js';
export { commonConfig, telemetryConfig } from './common.js';
