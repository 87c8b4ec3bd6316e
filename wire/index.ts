// wire/: the MySQL client/server protocol — packets, messages, authentication, and (later) the
// server that speaks it. What other layers and bin/ may use.
export * from './constants.js';
export * from './errors.js';
export * from './packet-reader.js';
export * from './packet-writer.js';
export * from './payload-reader.js';
export * from './values.js';
export * from './messages.js';
export * from './auth.js';
export * from './session-handler.js';
export * from './user-store.js';
export * from './connection.js';
export * from './server.js';
