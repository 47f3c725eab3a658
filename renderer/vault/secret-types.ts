// How each kind of secret is edited and shown: what its value is called and which fields it starts with.
import type { SecretSummary } from '../../contract/index.ts';

export type SecretType = SecretSummary['type'];

interface TypeTemplate {
  /** i18n key of the main value's label. */
  valueLabel: string;
  multiline: boolean;
  /** Offer the password generator for the value. */
  generator: boolean;
  /** Whether the value is masked until revealed. */
  hidden: boolean;
  fields: { name: string; hidden: boolean }[];
}

export const secretTypeTemplates: Record<SecretType, TypeTemplate> = {
  login: {
    valueLabel: 'item.value.login',
    multiline: false,
    generator: true,
    hidden: true,
    fields: [
      { name: 'username', hidden: false },
      { name: 'url', hidden: false },
    ],
  },
  api_key: { valueLabel: 'item.value.api_key', multiline: false, generator: true, hidden: true, fields: [] },
  ssh_key: {
    valueLabel: 'item.value.ssh_key',
    multiline: true,
    generator: false,
    hidden: true,
    fields: [{ name: 'public key', hidden: false }],
  },
  certificate: {
    valueLabel: 'item.value.certificate',
    multiline: true,
    generator: false,
    hidden: true,
    fields: [],
  },
  note: { valueLabel: 'item.value.note', multiline: true, generator: false, hidden: true, fields: [] },
  custom: { valueLabel: 'item.value.custom', multiline: false, generator: true, hidden: true, fields: [] },
};
