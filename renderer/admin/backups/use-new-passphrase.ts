// A new backup passphrase typed twice, as both backup forms ask for it: the two fields, the check against
// the contract's rule and the repetition, and clearing both once the server has taken it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { backupPassphraseProblem } from './passphrase-problem.ts';

export function useNewPassphrase() {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return {
    passphrase,
    confirm,
    problem,
    setPassphrase,
    setConfirm,
    /**
     * Shows what is wrong and says whether nothing is. `ifEmpty` is for a form where the passphrase may be
     * left out: what an empty one means (null: nothing wrong); without it an empty one is checked as typed.
     */
    check(ifEmpty?: string | null): boolean {
      const found =
        passphrase === '' && ifEmpty !== undefined
          ? ifEmpty
          : backupPassphraseProblem(t, passphrase, confirm);
      setProblem(found);
      return found === null;
    },
    clear() {
      setPassphrase('');
      setConfirm('');
    },
  };
}
