// English for the search index's first pass (the progress bar under the search box). Spread into en.ts;
// ru-search.ts mirrors it.

export const enSearch = {
  searchIndex: {
    preparing: 'Getting search by user name and URL ready (opened on this device only)',
  },
};
