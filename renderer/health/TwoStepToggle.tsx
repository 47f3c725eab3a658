// The item view's "site offers two-step sign-in" mark. It is saved in the item's end-to-end encrypted
// payload (a new version, like any edit), not as server metadata: the server must not learn which accounts
// lack a second factor, and the mark is shared with the item, so every reader's health report sees it.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenedSecret } from '../../client/index.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useSaveSecret } from '../vault/use-secrets.ts';

export function TwoStepToggle({ item, canChange }: { item: OpenedSecret; canChange: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  // The refreshed item (a new version) re-renders this view with the mark as saved.
  const save = useSaveSecret(() => undefined);
  const marked = item.payload.twoStep === true;
  return (
    <div className="field">
      <label className="check">
        <input
          type="checkbox"
          checked={marked}
          disabled={!canChange || save.isPending}
          aria-describedby={`${id}-hint`}
          onChange={(e) => {
            const { twoStep: _old, ...rest } = item.payload;
            save.mutate({
              kind: 'value',
              existing: item,
              payload: e.target.checked ? { ...rest, twoStep: true } : rest,
            });
          }}
        />
        {t('health.twoStep.label')}
        {save.isPending && <span className="hint">{t('health.twoStep.saving')}</span>}
      </label>
      <span className="hint" id={`${id}-hint`}>
        {t('health.twoStep.hint')}
      </span>
      <ErrorMessage error={save.error} />
    </div>
  );
}
