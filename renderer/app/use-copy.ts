// Copying to the clipboard through the platform (which clears it after the delay, if it still holds the text).
import { useMutation } from '@tanstack/react-query';
import { useSession } from './session-context.tsx';

/** `clearAfterSeconds` 0 leaves it there: for what is not a secret, like a key fingerprint. */
export function useCopy() {
  const { platform } = useSession();
  return useMutation({
    mutationFn: ({ text, clearAfterSeconds }: { text: string; clearAfterSeconds: number }) =>
      platform.copy(text, clearAfterSeconds),
  });
}
