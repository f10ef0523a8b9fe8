/** Waits until `stream` can take more data; false if it closed first. Leaves no listeners behind. */
export function drained(stream: NodeJS.WritableStream & { destroyed?: boolean }): Promise<boolean> {
  if (stream.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const finish = (ok: boolean) => (): void => {
      stream.removeListener('drain', onDrain);
      stream.removeListener('close', onClose);
      resolve(ok);
    };
    const onDrain = finish(true);
    const onClose = finish(false);
    stream.once('drain', onDrain);
    stream.once('close', onClose);
  });
}
