// Asks before something that takes access away or replaces data (revoke, restore a version, delete):
// says what will happen, puts the focus on Cancel, and keeps the dialog open with the error if it fails.
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

interface ConfirmDialogProps {
  title: string;
  /** What will happen, in plain words, naming what it happens to. */
  children: ReactNode;
  confirmLabel: string;
  /** `danger` for what takes access away or cannot be undone; `primary` otherwise. */
  tone?: 'danger' | 'primary';
  pending?: boolean;
  error?: unknown;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  tone = 'danger',
  pending = false,
  error,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  const cancel = useRef<HTMLButtonElement>(null);
  // Cancel takes the focus, so Enter right after opening does not do the irreversible thing. Deferred
  // to a microtask: the Dialog's own effect (showModal, which moves focus) runs after this one.
  useEffect(() => {
    queueMicrotask(() => cancel.current?.focus());
  }, []);
  return (
    <Dialog title={title} onClose={onCancel}>
      <div>{children}</div>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="button" className={tone} disabled={pending} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" ref={cancel} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
