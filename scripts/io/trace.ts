// trace: with SELEC_TRACE=1, the moments a build passes its milestones, on stderr, in
// seconds since the process started: where the time of one `npm run build` goes.
const on = process.env['SELEC_TRACE'] === '1';

export function trace(label: string): void {
  if (on) process.stderr.write(`[trace ${(performance.now() / 1000).toFixed(3)} s] ${label}\n`);
}
