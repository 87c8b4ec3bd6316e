// Typed errors of the wire layer. Each class has a stable `code` and the MySQL errno and SQLSTATE it
// maps to, so the connection can answer a protocol fault with an ERR packet (or close the socket when
// the stream can no longer be trusted) without a second mapping table.

import { StrataError } from '../util/errors.js';

/** The base of every wire error: a stable code plus the MySQL error a client should see. */
export abstract class WireError extends StrataError {
  abstract readonly errno: number;
  abstract readonly sqlState: string;
}

/** A packet (after joining 16 MiB fragments) larger than max_allowed_packet: MySQL's ER_NET_PACKET_TOO_LARGE. */
export class PacketTooLargeError extends WireError {
  readonly code = 'Wire:PacketTooLarge';
  readonly errno = 1153;
  readonly sqlState = '08S01';
  constructor(
    readonly size: number,
    readonly maxAllowed: number,
  ) {
    super("Got a packet bigger than 'max_allowed_packet' bytes");
  }
}

/** A packet whose sequence id is not the one the conversation expects: MySQL's ER_NET_PACKETS_OUT_OF_ORDER. */
export class PacketOutOfOrderError extends WireError {
  readonly code = 'Wire:PacketOutOfOrder';
  readonly errno = 1156;
  readonly sqlState = '08S01';
  constructor(
    readonly expected: number,
    readonly got: number,
  ) {
    super(`Got packets out of order (expected sequence id ${expected}, got ${got})`);
  }
}

/** A payload that does not parse as the message it claims to be (truncated, wrong lengths, garbage). */
export class MalformedPacketError extends WireError {
  readonly code = 'Wire:MalformedPacket';
  readonly errno = 1835;
  readonly sqlState = 'HY000';
  constructor(what: string) {
    super(`Malformed communication packet: ${what}`);
  }
}

/** The stream ended in the middle of a packet. */
export class TruncatedPacketError extends WireError {
  readonly code = 'Wire:TruncatedPacket';
  readonly errno = 1158;
  readonly sqlState = '08S01';
  constructor(readonly missing: number) {
    super(`Got an error reading communication packets (stream ended ${missing} bytes short)`);
  }
}

/** A command byte the server does not know: MySQL answers ER_UNKNOWN_COM_ERROR. */
export class UnknownCommandError extends WireError {
  readonly code = 'Wire:UnknownCommand';
  readonly errno = 1047;
  readonly sqlState = '08S01';
  constructor(readonly command: number) {
    super('Unknown command');
  }
}

/** Authentication failed: MySQL's ER_ACCESS_DENIED_ERROR. */
export class AccessDeniedError extends WireError {
  readonly code = 'Wire:AccessDenied';
  readonly errno = 1045;
  readonly sqlState = '28000';
  constructor(user: string, host: string, usingPassword: boolean) {
    super(`Access denied for user '${user}'@'${host}' (using password: ${usingPassword ? 'YES' : 'NO'})`);
  }
}

/** A statement id that no COM_STMT_PREPARE returned (or one already closed): ER_UNKNOWN_STMT_HANDLER. */
export class UnknownStatementError extends WireError {
  readonly code = 'Wire:UnknownStatement';
  readonly errno = 1243;
  readonly sqlState = 'HY000';
  constructor(readonly statementId: number, where: string) {
    super(`Unknown prepared statement handler (${statementId}) given to ${where}`);
  }
}

/** The client asked for something this server does not do (a plugin, a cursor type, …). */
export class NotSupportedError extends WireError {
  readonly code = 'Wire:NotSupported';
  readonly errno = 1235;
  readonly sqlState = '42000';
  constructor(what: string) {
    super(`This version of Strata doesn't yet support '${what}'`);
  }
}
