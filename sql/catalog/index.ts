// sql/catalog: schema objects, their storage under meta keys, and schema-version snapshots.
export * from './info-schema.js';
export * from './information-schema.js';
export * from './meta-store.js';
export * from './model.js';
