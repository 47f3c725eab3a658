// A progress bar on stderr for long imports and exports (drawn on a terminal only, so logs stay clean).
import { SingleBar } from 'cli-progress';
import type { OnProgress, Progress } from '../client/import/import-types.ts';

const PHASES: Record<Progress['phase'], string> = {
  reading: 'Reading   ',
  encrypting: 'Encrypting',
  uploading: 'Uploading ',
  committing: 'Committing',
  decrypting: 'Decrypting',
  files: 'Files     ',
  done: 'Done      ',
};

export interface ProgressBar {
  onProgress: OnProgress;
  stop(): void;
}

export function progressBar(): ProgressBar {
  const bar = new SingleBar({
    stream: process.stderr,
    format: '{phase} [{bar}] {value}/{total}',
    hideCursor: true,
    clearOnComplete: false,
    noTTYOutput: false,
  });
  let started = false;
  return {
    onProgress: ({ phase, done, total }) => {
      if (!started) {
        bar.start(total, done, { phase: PHASES[phase] });
        started = true;
        return;
      }
      bar.setTotal(total);
      bar.update(done, { phase: PHASES[phase] });
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** A byte-count bar for one file moving (attach, download), in MiB, drawn on a terminal only. */
export function byteProgressBar(label: string): { update(done: number, total: number): void; stop(): void } {
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${label} [{bar}] {percentage}% {doneMiB}/{totalMiB} MiB`,
    hideCursor: true,
    clearOnComplete: false,
  });
  const mib = (n: number) => (n / (1024 * 1024)).toFixed(1);
  let started = false;
  return {
    update(done, total) {
      const payload = { doneMiB: mib(done), totalMiB: mib(total) };
      if (!started) {
        bar.start(Math.max(total, 1), done, payload);
        started = true;
      } else bar.update(done, payload);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
