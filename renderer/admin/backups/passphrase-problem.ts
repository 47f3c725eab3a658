// What is wrong with a backup passphrase and its repetition, in words: the contract's own rule for it
// (not a restated minimum), then the repetition, since a typo typed once makes a backup nobody can open.
import type { TFunction } from 'i18next';
import { contractProblem } from '../../components/error-text.ts';

export function backupPassphraseProblem(t: TFunction, passphrase: string, confirm: string): string | null {
  return (
    contractProblem(t, 'setBackupPassphrase', 'passphrase', passphrase) ??
    (passphrase !== confirm ? t('backups.mismatch') : null)
  );
}
