// Becoming a daemon (--detach), the pid file, --user/--group and --umask.
//
// Node cannot fork, so --detach starts the same command again as a detached
// child (a new session, standard streams on /dev/null, working directory /)
// and the parent exits 0 only once the child reports that it is running: a
// start-up failure still reaches the shell that started sec.
import fs from '../modules/nodeFs.js';
import type { Logger } from '../log/logger.js';
import { errnoText } from '../log/strerror.js';
import { builtin, loadAllOnDemand } from '../modules/onDemand.js';

const childProcess = builtin<typeof import('node:child_process')>('node:child_process');

const DETACHED_ENV = 'SEC_TS_DETACHED';

/** True in the process that --detach started. */
export function isDetachedChild(): boolean {
  return process.env[DETACHED_ENV] === '1';
}

/** Parent side of --detach: start the daemon and exit with its start-up verdict. */
export function startDaemon(argv: string[]): void {
  const child = childProcess().spawn(process.execPath, [...process.execArgv, process.argv[1], ...argv], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: { ...process.env, [DETACHED_ENV]: '1' },
  });
  child.on('message', (m) => {
    if (m !== 'ready') return;
    child.disconnect();
    child.unref();
    process.exit(0);
  });
  child.on('exit', (code) => process.exit(code === 0 ? 1 : (code ?? 1)));
}

/** Child side: tell the waiting parent that start-up is complete. */
export function reportReady(): void {
  if (process.send) {
    process.send('ready');
    process.disconnect?.();
  }
}

export function writePidFile(file: string, log: Logger): void {
  try {
    fs.writeFileSync(file, `${process.pid}\n`);
  } catch (e) {
    log.log(1, `Can't open pidfile ${file} for writing (${errnoText(e)}), exiting!`);
    process.exit(1);
  }
}

/**
 * --user and --group: drop privileges as SEC does (primary group,
 * supplementary groups, user), or exit 1. The packages otherwise loaded on
 * first use are loaded first: the new identity may not be able to read the
 * installation (a clone in a folder only root can enter).
 */
export function switchUser(user: string, groups: string[]): void {
  loadAllOnDemand();
  try {
    const primary = groups[0] ?? childProcess().execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim();
    process.setgid?.(/^\d+$/.test(primary) ? Number(primary) : primary);
    process.setgroups?.(groups.length ? groups : [Number(primary)]);
    process.setuid?.(user);
  } catch (e) {
    process.stderr.write(`Can't switch to user ${user} (${(e as Error).message}), exiting!\n`);
    process.exit(1);
  }
}
