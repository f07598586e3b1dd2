import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import process from 'node:process';
import { log } from './util.ts';

// The machine has two cores and is shared: a test suite or a build next to a timed run measures
// contention, not code. So every run counts the CPU that processes outside this benchmark's own
// process tree used meanwhile (from /proc), and is run again when that was more than a little.

/** Average cores used by other processes above which a run does not count. */
const FOREIGN_CORES = 0.25;
/** Time the whole benchmark may spend waiting and re-running; past it, runs are kept as they are. */
const PATIENCE_MS = 5 * 60_000;

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process ended while we looked
  }
}

/** Jiffies the CPUs were busy, and jiffies of wall time per CPU, since boot. */
function machineJiffies(): { busy: number; wall: number } {
  const fields = read('/proc/stat')!.split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  const idle = fields[3]! + fields[4]!; // idle + iowait
  return { busy: total - idle, wall: total / availableParallelism() };
}

/** CPU jiffies of this process and every descendant (Chromium, vite), exited ones included. */
function ownJiffies(): number {
  const procs = new Map<number, { ppid: number; cpu: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    if (!stat) continue;
    // The command name sits in parentheses and may hold spaces: fields start after the last ')'.
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    // utime + stime + cutime + cstime: reaped children live on in their parent's counts.
    procs.set(Number(name), { ppid: f[1]!, cpu: f[11]! + f[12]! + f[13]! + f[14]! });
  }
  const ours = (pid: number): boolean => {
    for (let p: number | undefined = pid; p && p > 1; p = procs.get(p)?.ppid) {
      if (p === process.pid) return true;
    }
    return false;
  };
  let cpu = 0;
  for (const [pid, { cpu: jiffies }] of procs) if (ours(pid)) cpu += jiffies;
  return cpu;
}

/** Starts counting; `foreignCores()` says how many cores others used on average since. */
function cpuWatch() {
  const machine = machineJiffies();
  const own = ownJiffies();
  return () => {
    const now = machineJiffies();
    const wall = now.wall - machine.wall;
    return wall <= 0 ? 0 : Math.max(0, now.busy - machine.busy - (ownJiffies() - own)) / wall;
  };
}

const began = Date.now();
const patient = () => Date.now() - began < PATIENCE_MS;

async function waitForQuiet(): Promise<void> {
  for (let told = false; patient(); told = true) {
    const foreignCores = cpuWatch();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const cores = foreignCores();
    if (cores < FOREIGN_CORES) return;
    if (!told) log(`other processes use ${cores.toFixed(1)} cores: waiting`);
  }
}

/**
 * Runs one timed repeat on a quiet machine; re-runs it (twice at most, and while patience lasts)
 * when other processes took CPU meanwhile. `contended` tells whether the kept run shared the CPU.
 */
export async function quietly<T>(
  task: () => Promise<T>,
): Promise<{ result: T; contended: boolean }> {
  for (let attempt = 1; ; attempt++) {
    await waitForQuiet();
    const foreignCores = cpuWatch();
    const result = await task();
    const cores = foreignCores();
    if (cores < FOREIGN_CORES) return { result, contended: false };
    if (attempt === 3 || !patient()) return { result, contended: true };
    log(`other processes used ${cores.toFixed(1)} cores during that run: running it again`);
  }
}

/**
 * Up to `repeats` quiet runs of `task`, while the time they took leaves room for one more within
 * `budgetMs`: a cheap step gets every repeat, a slow one at 1M rows fewer (at least one).
 */
export async function repeat<T>(repeats: number, budgetMs: number, task: () => Promise<T>) {
  const runs: Array<{ result: T; contended: boolean }> = [];
  let spent = 0;
  while (runs.length < repeats) {
    let wall = 0;
    runs.push(
      await quietly(async () => {
        const start = performance.now();
        const result = await task();
        wall = performance.now() - start;
        return result;
      }),
    );
    spent += wall;
    if (spent + wall > budgetMs) break;
  }
  return runs;
}

/**
 * One run of a long task that is not repeated (an import followed by many timed interactions):
 * waits for a quiet machine first, then tells whether other processes took CPU meanwhile.
 */
export async function once<T>(task: () => Promise<T>): Promise<{ result: T; contended: boolean }> {
  await waitForQuiet();
  const foreignCores = cpuWatch();
  const result = await task();
  const cores = foreignCores();
  if (cores >= FOREIGN_CORES) log(`other processes used ${cores.toFixed(1)} cores during that run`);
  return { result, contended: cores >= FOREIGN_CORES };
}
