// pd/tso: the timestamp oracle and its persistence.
export { EngineTsoStorage } from './engine-tso-storage.js';
export { TimestampOracle, TsoError, type TsoOptions, type TsoStorage } from './tso.js';
