// English for the password health report and the item view's two-step mark. Spread into en.ts;
// ru-health.ts mirrors it.

export const enHealth = {
  health: {
    nav: 'Health',
    title: 'Password health',
    privacy: 'Worked out on this device from your own items; nothing of it is sent to the server.',
    oldAfter: 'Old after (days)',
    oldAfterHint: 'A password unchanged for longer than this counts as old.',
    reading: 'Reading the vault: {{done}} of {{total}} items',
    scoring: 'Checking passwords: {{done}} of {{total}}',
    progress: 'Password health progress',
    checked_one: '{{count}} item checked',
    checked_few: '{{count}} items checked',
    checked_many: '{{count}} items checked',
    checked_other: '{{count}} items checked',
    unreadable_one: '{{count}} item could not be opened with your key and is left out.',
    unreadable_few: '{{count}} items could not be opened with your key and are left out.',
    unreadable_many: '{{count}} items could not be opened with your key and are left out.',
    unreadable_other: '{{count}} items could not be opened with your key and are left out.',
    failed: 'The report could not be made: {{message}}',
    categories: 'Problems',
    problem: {
      weak: 'Weak',
      reused: 'Reused',
      old: 'Old',
      no_totp: 'No one-time code',
    },
    explain: {
      weak: 'Easy to guess: choose a longer, less predictable password.',
      reused: 'The same password on several items: one leak opens them all. Grouped by password.',
      old: 'Unchanged for more than {{days}} days.',
      no_totp:
        'You marked the site as offering two-step sign-in, but the item holds no one-time code. Add the code\'s setup to the item as a "totp" field.',
    },
    none: {
      weak: 'No weak passwords.',
      reused: 'No password is used twice.',
      old: 'No password is older than {{days}} days.',
      no_totp: 'Every item marked for two-step sign-in has its one-time code.',
    },
    group: 'Same password on {{count}} items',
    ageDays_one: 'changed {{count}} day ago',
    ageDays_few: 'changed {{count}} days ago',
    ageDays_many: 'changed {{count}} days ago',
    ageDays_other: 'changed {{count}} days ago',
    empty: 'Your vault has no passwords to check yet.',
    twoStep: {
      label: 'Site offers two-step sign-in',
      hint: 'The health report lists marked items without a one-time code. The mark is encrypted with the item.',
      saving: 'Saving…',
    },
  },
};
