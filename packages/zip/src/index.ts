/**
 * Browser-safe entry point of `@interp/zip`: read and write zip archives.
 *
 * @module @interp/zip
 */
export { ZipError } from './ZipError';
export { crc32 } from './crc32';
export { concatBytes } from './concatBytes';
export { toDosDateTime } from './toDosDateTime';
export { buildZip, type ZipMember } from './buildZip';
export { writeZip, writeZipAsync, type WriteZipOptions, type ZipInput } from './writeZip';
export { createByteReader, readZipDataOffset, readZipDirectory, type ByteReader, type ZipEntry } from './readZipDirectory';
export { deflateRawWithStreams, inflateRawWithStreams } from './inflateRawWithStreams';
export { readZip, type ReadZipOptions } from './readZip';
