// electron-builder beforeBuild hook: answers false, so electron-builder neither installs, rebuilds nor
// collects node_modules ("Resolving to false will skip dependencies install or rebuild"). The app folder
// that scripts/stage-app.mjs staged already holds the run-time modules, with better-sqlite3 built for
// Electron in native/; rebuilding would overwrite the checkout's Node build in place.
async function beforeBuild() {
  return false;
}

module.exports = beforeBuild;
module.exports.default = beforeBuild;
