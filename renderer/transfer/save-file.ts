// Hands a finished export to the browser's download: a Save dialog or the downloads folder. The desktop
// window lets this through too: a download is neither a navigation nor a permission, so its guards do
// not apply, and Electron asks where to save it.
export function offerDownload(href: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
