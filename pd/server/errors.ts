// The errors PD answers with. Each carries one of pd.proto's ErrorType names; the gRPC service
// (service.ts) puts it in the response header, so a bad or untimely request gets a typed answer
// and never a crashed server or a bare gRPC failure.
import { StrataError } from '../../util/errors.js';
import type { ErrorType__Output } from '../proto/generated/strata/pd/ErrorType.js';

export type PdErrorType = Exclude<ErrorType__Output, 'OK'>;

export class PdError extends StrataError {
  readonly code: string;

  constructor(
    readonly type: PdErrorType,
    message: string,
  ) {
    super(message);
    this.code = `PD:${type}`;
  }
}

export const invalidArgument = (message: string): PdError => new PdError('INVALID_ARGUMENT', message);
export const notBootstrapped = (): PdError => new PdError('NOT_BOOTSTRAPPED', 'cluster is not bootstrapped');
