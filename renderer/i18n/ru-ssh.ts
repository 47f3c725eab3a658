// Русские строки SSH-агента: отметка в редакторе записи, раздел настроек и окно подтверждения.
import type { enSsh } from './en-ssh.ts';

export const ruSsh: typeof enSsh = {
  ssh: {
    useInAgent: 'Использовать в SSH-агенте',
    useInAgentHint:
      'Предлагать этот ключ ssh, git и другим программам через SSH-агент Keyhold; каждую подпись нужно подтвердить.',
    inAgent: 'Доступен через SSH-агент',
    settings: {
      title: 'SSH-агент',
      explain:
        'Пока Keyhold разблокирован, агент предоставляет ssh, git и ssh-keygen на этом компьютере SSH-ключи с отметкой «Использовать в SSH-агенте». Каждую подпись сначала нужно разрешить здесь.',
      enable: 'Запускать SSH-агент',
      socket: 'Укажите его своей оболочке:',
      copy: 'Копировать',
      copied: 'Скопировано',
      running_one: 'Работает: предлагается {{count}} ключ',
      running_few: 'Работает: предлагается {{count}} ключа',
      running_many: 'Работает: предлагается {{count}} ключей',
      running_other: 'Работает: предлагается {{count}} ключа',
      stopped: 'Не запущен',
      failed: 'Не удалось запустить: {{error}}',
    },
    approve: {
      title: 'Разрешить подпись SSH?',
      key: 'Ключ',
      algorithm: 'Алгоритм',
      host: 'Сервер',
      hostForwarded: '{{fingerprint}} ({{type}}, через перенаправленный агент)',
      hostProven: '{{fingerprint}} (ключ узла {{type}})',
      noHost: 'Не указан: программа на этом компьютере (git, ssh-keygen) или старая версия ssh',
      client: 'Программа',
      clientUnknown: 'Неизвестна: операционная система не сообщает Keyhold, какая программа просит подпись',
      clientPid: '(процесс {{pid}})',
      clientStartedBy: '(процесс {{pid}}, запущен программой {{parent}})',
      askedAt: 'Запрошено',
      allowOnce: 'Разрешить один раз',
      allowFor: 'Разрешить на {{count}} мин',
      minutes: 'Минуты',
      deny: 'Запретить',
      timeout: 'Если не ответить в течение минуты, подпись будет отклонена.',
    },
  },
};
