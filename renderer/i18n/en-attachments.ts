// English for files on items: the attachments panel of the item view and its server settings section.
// Spread into en.ts; ru-attachments.ts mirrors it.

export const enAttachments = {
  attachments: {
    title: 'Files',
    intro: 'Encrypted on this device before upload; whoever can read this item can read its files.',
    empty: 'No files yet.',
    add: 'Add a file',
    chooseFile: 'File to add',
    uploading: 'Encrypting and uploading {{name}}: {{percent}}%',
    downloading: 'Downloading and checking {{name}}: {{percent}}%',
    download: 'Download',
    downloadName: 'Download {{name}}',
    delete: 'Delete',
    deleteName: 'Delete {{name}}',
    confirmDeleteTitle: 'Delete “{{name}}” from this item?',
    confirmDeleteBody: 'The file is deleted for good, for everyone who reads this item.',
    confirmDelete: 'Delete file',
    listLabel: 'Files on this item',
    added: 'Added {{date}}',
    settings: {
      title: 'Files on items',
      maxFile: 'Largest file (MiB)',
      maxPerUser: 'All files of one user together (MiB)',
    },
  },
};
