// Русский для файлов в записях: панель вложений в карточке записи и раздел настроек сервера.
// Добавляется в ru.ts; повторяет en-attachments.ts.

export const ruAttachments = {
  attachments: {
    title: 'Файлы',
    intro:
      'Шифруются на этом устройстве до отправки; файлы записи может прочитать каждый, кто может прочитать её саму.',
    empty: 'Файлов пока нет.',
    add: 'Добавить файл',
    chooseFile: 'Файл для добавления',
    uploading: 'Шифрование и отправка {{name}}: {{percent}}%',
    downloading: 'Загрузка и проверка {{name}}: {{percent}}%',
    download: 'Скачать',
    downloadName: 'Скачать {{name}}',
    delete: 'Удалить',
    deleteName: 'Удалить {{name}}',
    confirmDeleteTitle: 'Удалить «{{name}}» из записи?',
    confirmDeleteBody: 'Файл будет удалён насовсем — для всех, кто читает эту запись.',
    confirmDelete: 'Удалить файл',
    listLabel: 'Файлы этой записи',
    added: 'Добавлен {{date}}',
    settings: {
      title: 'Файлы в записях',
      maxFile: 'Наибольший размер файла (МиБ)',
      maxPerUser: 'Все файлы одного пользователя вместе (МиБ)',
    },
  },
};
