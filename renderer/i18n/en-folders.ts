// English for the folder tree's own actions: making, renaming or moving and deleting a folder, and the
// trash's count. Spread into en.ts; ru-folders.ts mirrors it.

export const enFolders = {
  folderTree: {
    newFolderHere: 'New folder…',
    deleteFolder: 'Delete folder…',
    notEmptyHint_one: 'Holds {{count}} secret: move or delete it to delete the folder.',
    notEmptyHint_few: 'Holds {{count}} secrets: move or delete them to delete the folder.',
    notEmptyHint_many: 'Holds {{count}} secrets: move or delete them to delete the folder.',
    notEmptyHint_other: 'Holds {{count}} secrets: move or delete them to delete the folder.',
    newTitle: 'New folder',
    moveTitle: 'Rename or move {{path}}',
    name: 'Name',
    nameHint: 'One name, without a slash.',
    nameHasSlash: 'Name: one folder name, without a slash. Pick where it goes with “Inside”.',
    nameEmpty: 'Name: type the folder’s name.',
    inside: 'Inside',
    top: 'Top level',
    willBe: 'The folder will be {{path}}.',
    create: 'Create folder',
    move: 'Rename or move',
    moveHint: 'Folders inside it, and secrets in it and in the trash, move along.',
    limit:
      'You keep {{count}} empty folders already, the most one person may. Delete some, or put secrets in them.',
    exists: 'There is a folder {{path}} already.',
    notEmpty: '{{path}} is not empty: move or delete the secrets in it first.',
    gone: 'This folder is not there any more. The tree has been refreshed.',
    deleteTitle: 'Delete folder {{path}}?',
    deleteText:
      'The empty folder {{path}} is deleted, with the empty folders inside it. No secret is in it; secrets in the trash from it come back to their folder if you restore them.',
    deleteConfirm: 'Delete folder',
    deleted: 'Folder {{path}} deleted.',
    dropHint: 'Drop on a folder to move it there.',
    trashCount_one: '{{count}} secret in the trash',
    trashCount_few: '{{count}} secrets in the trash',
    trashCount_many: '{{count}} secrets in the trash',
    trashCount_other: '{{count}} secrets in the trash',
    emptyTrashText_one:
      'The {{count}} secret in the trash is deleted for good, with all its versions. People you shared it with lose it too. This cannot be undone; the audit log keeps a record.',
    emptyTrashText_few:
      'All {{count}} secrets in the trash are deleted for good, with all their versions. People you shared them with lose them too. This cannot be undone; the audit log keeps a record.',
    emptyTrashText_many:
      'All {{count}} secrets in the trash are deleted for good, with all their versions. People you shared them with lose them too. This cannot be undone; the audit log keeps a record.',
    emptyTrashText_other:
      'All {{count}} secrets in the trash are deleted for good, with all their versions. People you shared them with lose them too. This cannot be undone; the audit log keeps a record.',
    emptyTrashDisabled: 'The trash is empty: nothing to delete.',
  },
};
