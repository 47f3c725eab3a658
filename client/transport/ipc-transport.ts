// The desktop transport: every call crosses preload's one bridge to the main process and its dispatcher.
import type { KeyholdBridge, Result } from '../../contract/index.ts';
import type { CallMeta, Transport } from './transport.ts';

export function createIpcTransport(bridge: KeyholdBridge): Transport {
  return {
    async call(operation: string, input: unknown, meta: CallMeta): Promise<Result<unknown>> {
      try {
        return await bridge.call({
          operation,
          input: input ?? {},
          token: meta.token,
          opNumber: meta.opNumber,
        });
      } catch (error) {
        // A rejected invoke means the bridge itself broke (main gone, bad clone): say so plainly.
        const reason = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { code: 'internal', message: `the desktop bridge failed: ${reason}` } };
      }
    },
  };
}
