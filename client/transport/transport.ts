// What a transport does: carry one operation call (with its token and operation number) and bring back a Result.
import type { Result } from '../../contract/index.ts';

export interface CallMeta {
  token: string | null;
  opNumber: number | null;
}

export interface Transport {
  call(operation: string, input: unknown, meta: CallMeta): Promise<Result<unknown>>;
}
