// Bundled by ncc from src/main.ts.
module.exports = {};
