// Reading other tools' exports and Keyhold's own, and writing Keyhold's exports: the public surface for the CLI and the window.
export { ArchivePasswordError, openArchive, sealArchive } from '../export/format-archive.ts';
export {
  ExportError,
  envName,
  plainCsvColumns,
  toDotenv,
  toPlainCsv,
  toPlainJson,
} from '../export/format-plain.ts';
export { detectFormat } from './detect-format.ts';
export * from './import-types.ts';
export { type ParseOptions, parseImport } from './parse-import.ts';
export { checkRecord, MAX_PAYLOAD_BYTES, UNTITLED } from './record-schema.ts';
