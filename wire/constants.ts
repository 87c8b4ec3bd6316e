// The numbers of the MySQL client/server protocol: capability flags exchanged in the handshake,
// server status flags carried by OK/EOF packets, command bytes (the first byte of every command
// packet), column types and column definition flags, and the character-set ids Strata uses.
// Values follow the MySQL 8.0 "Client/Server Protocol" reference (include/mysql_com.h and
// include/field_types.h document the same numbers). Plain `const` objects, so callers can both use
// the names and iterate them (tests, debug printing).

/** Capability flags (the 32-bit "capabilities" of Handshake v10 and HandshakeResponse41). */
export const Capability = {
  LONG_PASSWORD: 0x1,
  FOUND_ROWS: 0x2,
  LONG_FLAG: 0x4,
  CONNECT_WITH_DB: 0x8,
  NO_SCHEMA: 0x10,
  COMPRESS: 0x20,
  ODBC: 0x40,
  LOCAL_FILES: 0x80,
  IGNORE_SPACE: 0x100,
  PROTOCOL_41: 0x200,
  INTERACTIVE: 0x400,
  SSL: 0x800,
  IGNORE_SIGPIPE: 0x1000,
  TRANSACTIONS: 0x2000,
  RESERVED: 0x4000,
  SECURE_CONNECTION: 0x8000,
  MULTI_STATEMENTS: 0x1_0000,
  MULTI_RESULTS: 0x2_0000,
  PS_MULTI_RESULTS: 0x4_0000,
  PLUGIN_AUTH: 0x8_0000,
  CONNECT_ATTRS: 0x10_0000,
  PLUGIN_AUTH_LENENC_CLIENT_DATA: 0x20_0000,
  CAN_HANDLE_EXPIRED_PASSWORDS: 0x40_0000,
  SESSION_TRACK: 0x80_0000,
  DEPRECATE_EOF: 0x100_0000,
  OPTIONAL_RESULTSET_METADATA: 0x200_0000,
  ZSTD_COMPRESSION: 0x400_0000,
  QUERY_ATTRIBUTES: 0x800_0000,
  MULTI_FACTOR_AUTH: 0x1000_0000,
  SSL_VERIFY_SERVER_CERT: 0x4000_0000,
  REMEMBER_OPTIONS: 0x8000_0000,
} as const;

/** Whether a capability bit is set (works for the 0x80000000 bit too, which is negative as int32). */
export function hasCapability(capabilities: number, flag: number): boolean {
  return ((capabilities & flag) >>> 0) !== 0;
}

/** What Strata advertises by default (SSL is added only when TLS is configured). */
export const DEFAULT_SERVER_CAPABILITIES: number =
  (Capability.LONG_PASSWORD |
    Capability.FOUND_ROWS |
    Capability.LONG_FLAG |
    Capability.CONNECT_WITH_DB |
    Capability.LOCAL_FILES |
    Capability.IGNORE_SPACE |
    Capability.PROTOCOL_41 |
    Capability.INTERACTIVE |
    Capability.IGNORE_SIGPIPE |
    Capability.TRANSACTIONS |
    Capability.SECURE_CONNECTION |
    Capability.MULTI_STATEMENTS |
    Capability.MULTI_RESULTS |
    Capability.PS_MULTI_RESULTS |
    Capability.PLUGIN_AUTH |
    Capability.CONNECT_ATTRS |
    Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA |
    // Only for the OK packet's info string, length-encoded then (libmariadb reads it so);
    // no session state changes are reported.
    Capability.SESSION_TRACK |
    Capability.DEPRECATE_EOF) >>>
  0;

/** Server status flags (OK, EOF packets). */
export const ServerStatus = {
  IN_TRANS: 0x1,
  AUTOCOMMIT: 0x2,
  MORE_RESULTS_EXISTS: 0x8,
  NO_GOOD_INDEX_USED: 0x10,
  NO_INDEX_USED: 0x20,
  CURSOR_EXISTS: 0x40,
  LAST_ROW_SENT: 0x80,
  DB_DROPPED: 0x100,
  NO_BACKSLASH_ESCAPES: 0x200,
  METADATA_CHANGED: 0x400,
  QUERY_WAS_SLOW: 0x800,
  PS_OUT_PARAMS: 0x1000,
  IN_TRANS_READONLY: 0x2000,
  SESSION_STATE_CHANGED: 0x4000,
} as const;

/** Command bytes: the first byte of a client's command packet. */
export const Command = {
  SLEEP: 0x00,
  QUIT: 0x01,
  INIT_DB: 0x02,
  QUERY: 0x03,
  FIELD_LIST: 0x04,
  CREATE_DB: 0x05,
  DROP_DB: 0x06,
  REFRESH: 0x07,
  SHUTDOWN: 0x08,
  STATISTICS: 0x09,
  PROCESS_INFO: 0x0a,
  CONNECT: 0x0b,
  PROCESS_KILL: 0x0c,
  DEBUG: 0x0d,
  PING: 0x0e,
  TIME: 0x0f,
  DELAYED_INSERT: 0x10,
  CHANGE_USER: 0x11,
  BINLOG_DUMP: 0x12,
  TABLE_DUMP: 0x13,
  CONNECT_OUT: 0x14,
  REGISTER_SLAVE: 0x15,
  STMT_PREPARE: 0x16,
  STMT_EXECUTE: 0x17,
  STMT_SEND_LONG_DATA: 0x18,
  STMT_CLOSE: 0x19,
  STMT_RESET: 0x1a,
  SET_OPTION: 0x1b,
  STMT_FETCH: 0x1c,
  DAEMON: 0x1d,
  BINLOG_DUMP_GTID: 0x1e,
  RESET_CONNECTION: 0x1f,
} as const;

/** Column types (enum_field_types), as sent in column definitions and COM_STMT_EXECUTE parameter types. */
export const ColumnType = {
  DECIMAL: 0x00,
  TINY: 0x01,
  SHORT: 0x02,
  LONG: 0x03,
  FLOAT: 0x04,
  DOUBLE: 0x05,
  NULL: 0x06,
  TIMESTAMP: 0x07,
  LONGLONG: 0x08,
  INT24: 0x09,
  DATE: 0x0a,
  TIME: 0x0b,
  DATETIME: 0x0c,
  YEAR: 0x0d,
  NEWDATE: 0x0e,
  VARCHAR: 0x0f,
  BIT: 0x10,
  TIMESTAMP2: 0x11,
  DATETIME2: 0x12,
  TIME2: 0x13,
  TYPED_ARRAY: 0x14,
  VECTOR: 0xf2,
  INVALID: 0xf3,
  BOOL: 0xf4,
  JSON: 0xf5,
  NEWDECIMAL: 0xf6,
  ENUM: 0xf7,
  SET: 0xf8,
  TINY_BLOB: 0xf9,
  MEDIUM_BLOB: 0xfa,
  LONG_BLOB: 0xfb,
  BLOB: 0xfc,
  VAR_STRING: 0xfd,
  STRING: 0xfe,
  GEOMETRY: 0xff,
} as const;

export type ColumnTypeCode = (typeof ColumnType)[keyof typeof ColumnType];

/** Column definition flags. */
export const ColumnFlag = {
  NOT_NULL: 0x1,
  PRI_KEY: 0x2,
  UNIQUE_KEY: 0x4,
  MULTIPLE_KEY: 0x8,
  BLOB: 0x10,
  UNSIGNED: 0x20,
  ZEROFILL: 0x40,
  BINARY: 0x80,
  ENUM: 0x100,
  AUTO_INCREMENT: 0x200,
  TIMESTAMP: 0x400,
  SET: 0x800,
  NO_DEFAULT_VALUE: 0x1000,
  ON_UPDATE_NOW: 0x2000,
  PART_KEY: 0x4000,
  NUM: 0x8000,
} as const;

/** In COM_STMT_EXECUTE's parameter types, the second byte of each type: 0x80 = unsigned. */
export const PARAM_UNSIGNED_FLAG = 0x80;

/** COM_STMT_EXECUTE flags (cursor types). */
export const CursorType = {
  NO_CURSOR: 0x0,
  READ_ONLY: 0x1,
  FOR_UPDATE: 0x2,
  SCROLLABLE: 0x4,
  PARAMETER_COUNT_AVAILABLE: 0x8,
} as const;

/** Character set / collation ids as sent in the handshake and column definitions. */
export const Charset = {
  utf8mb4_general_ci: 45,
  utf8mb4_bin: 46,
  binary: 63,
  utf8mb4_0900_ai_ci: 255,
  utf8mb3_general_ci: 33,
  latin1_swedish_ci: 8,
} as const;

/** Packet header: 3-byte little-endian payload length + 1-byte sequence id. */
export const PACKET_HEADER_SIZE = 4;
/** The largest payload one packet carries; a payload of this size or more continues in the next packet. */
export const MAX_PACKET_PAYLOAD = 0xff_ffff;
/** MySQL 8.0's default max_allowed_packet (64 MiB). */
export const DEFAULT_MAX_ALLOWED_PACKET = 64 * 1024 * 1024;

/** Header bytes of server responses. */
export const OK_HEADER = 0x00;
export const EOF_HEADER = 0xfe;
export const ERR_HEADER = 0xff;
export const LOCAL_INFILE_HEADER = 0xfb;
/** A NULL column value in a text row. */
export const NULL_LENENC = 0xfb;

/** Auth plugin names. */
export const AuthPlugin = {
  NATIVE: 'mysql_native_password',
  CACHING_SHA2: 'caching_sha2_password',
  CLEAR: 'mysql_clear_password',
} as const;
