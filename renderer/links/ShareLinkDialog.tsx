// "Share a link…" from an item's view: the link form in a dialog, prefilled with the item's value; the item's
// files are offered too.
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog.tsx';
import { ShareLinkForm } from './ShareLinkForm.tsx';
import './links.css';

export function ShareLinkDialog({
  text,
  secretId,
  onClose,
}: {
  text: string;
  secretId: string;
  onClose(): void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('links.make')} onClose={onClose}>
      <ShareLinkForm initialText={text} secretId={secretId} onDone={onClose} />
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
