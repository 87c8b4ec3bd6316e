// Layer rules of ../shared/DESIGN.md, enforced: arrows point down only, and no import cycles.
// util/ is the floor (imports nothing of the project); kv/ knows nothing of SQL; sql/ reaches the
// cluster only through kv/client (plus the shared leaf modules); wire/ reaches the database only
// through sql/session.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // A cycle made only of `import type` does not exist at run time (e.g. Session ↔ SqlEngine).
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } } },
    {
      name: 'util-is-the-floor',
      severity: 'error',
      from: { path: '^util/' },
      to: { path: '^(kv|pd|sql|wire|bin)/' },
    },
    {
      name: 'kv-knows-nothing-above',
      severity: 'error',
      from: { path: '^kv/' },
      to: { path: '^(sql|wire|bin|pd/server)/' },
    },
    {
      name: 'pd-knows-nothing-above',
      severity: 'error',
      from: { path: '^pd/' },
      to: { path: '^(sql|wire|bin)/' },
    },
    {
      name: 'sql-reaches-kv-only-through-client',
      severity: 'error',
      from: { path: '^sql/' },
      to: { path: '^(wire|bin|pd/|kv/(server|raftstore|raft|mvcc|storage|coprocessor)/)' },
    },
    {
      name: 'wire-reaches-db-only-through-session',
      severity: 'error',
      from: { path: '^wire/' },
      to: { path: '^(bin|pd/|kv/|sql/(?!session/))' },
    },
    {
      name: 'product-does-not-import-tools',
      severity: 'error',
      from: { path: '^(util|kv|pd|sql|wire|bin)/' },
      to: { path: '^(torture|bench|test)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
