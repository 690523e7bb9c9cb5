/** An index file of another format or version, or whose parts do not fit together: rebuild it with `npm run ingest`. */
export class IndexFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexFormatError';
  }
}
