/** A progress bar on stderr for `onespec run`, when stderr is a terminal. */
import cliProgress from "cli-progress";
import { totalCounts, type ProgressListener, type StreamInfo } from "@onespec/sdk";

export function terminalProgress(
  stream: NodeJS.WriteStream = process.stderr,
): ProgressListener & { stop(): void } {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: "{bar} {value}/{total} streams | {stream} | {records} records",
      hideCursor: true,
      clearOnComplete: true,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let done = 0;
  return {
    streams(streams: StreamInfo[], resumedDone: string[]) {
      done = resumedDone.length;
      bar.start(streams.length, done, { stream: streams[0]?.name ?? "", records: 0 });
      started = true;
    },
    batch(streamName, _records, totals) {
      if (started) bar.update(done, { stream: streamName, records: totalCounts(totals).read });
    },
    streamDone() {
      done++;
      if (started) bar.update(done);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
