// The strength of a password being typed: zxcvbn loads on first use (it is large), then each keystroke
// is scored off the urgent render so typing never waits for it.
import { useDeferredValue, useEffect, useState } from 'react';
import { loadStrengthEstimator, type PasswordStrength, type StrengthEstimator } from '../../client/index.ts';

export function usePasswordStrength(password: string, userInputs: string[] = []): PasswordStrength | null {
  const [estimate, setEstimate] = useState<StrengthEstimator | null>(null);
  useEffect(() => {
    let live = true;
    void loadStrengthEstimator().then((loaded) => {
      if (live) setEstimate(() => loaded);
    });
    return () => {
      live = false;
    };
  }, []);
  const deferred = useDeferredValue(password);
  const inputs = userInputs.join('\n');
  const [strength, setStrength] = useState<PasswordStrength | null>(null);
  useEffect(() => {
    setStrength(estimate && deferred ? estimate(deferred, inputs.split('\n')) : null);
  }, [estimate, deferred, inputs]);
  return strength;
}
