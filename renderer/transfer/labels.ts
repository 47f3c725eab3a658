// Words for the import formats, the duplicate choices, the planned actions and the export kinds. Each key is written out in full so that the
// translations test sees it, and the switch is exhaustive so a new format cannot go unlabelled.
import type { TFunction } from 'i18next';
import type { DuplicatePolicy, ImportFormat } from '../../client/import/import-types.ts';
import type { ExportKind } from './export-file-name.ts';

export function formatLabel(t: TFunction, format: ImportFormat): string {
  switch (format) {
    case 'keepass-xml':
      return t('transfer.formats.keepass-xml');
    case 'keepassxc-csv':
      return t('transfer.formats.keepassxc-csv');
    case 'bitwarden-json':
      return t('transfer.formats.bitwarden-json');
    case '1password-csv':
      return t('transfer.formats.onepassword-csv');
    case 'dotenv':
      return t('transfer.formats.dotenv');
    case 'keyhold-archive':
      return t('transfer.formats.keyhold-archive');
    case 'keyhold-json':
      return t('transfer.formats.keyhold-json');
    case 'keyhold-csv':
      return t('transfer.formats.keyhold-csv');
  }
}

export function actionLabel(t: TFunction, action: 'create' | 'replace' | 'skip'): string {
  switch (action) {
    case 'create':
      return t('transfer.import.action.create');
    case 'replace':
      return t('transfer.import.action.replace');
    case 'skip':
      return t('transfer.import.action.skip');
  }
}

export function policyLabel(t: TFunction, policy: DuplicatePolicy): string {
  switch (policy) {
    case 'skip':
      return t('transfer.import.policy.skip');
    case 'replace':
      return t('transfer.import.policy.replace');
    case 'keep-both':
      return t('transfer.import.policy.keepBoth');
  }
}

export function kindLabel(t: TFunction, kind: ExportKind): string {
  switch (kind) {
    case 'archive':
      return t('transfer.export.archive');
    case 'json':
      return t('transfer.export.json');
    case 'csv':
      return t('transfer.export.csv');
  }
}
