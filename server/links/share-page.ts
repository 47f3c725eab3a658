// Where a one-time link's public page is served from: `/s/<id>`, the built page `share.html` of the web UI.
export const SHARE_PAGE_ROUTE = '/s/:id';
export const SHARE_PAGE_FILE = 'share.html';
