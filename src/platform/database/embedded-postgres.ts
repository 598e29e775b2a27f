import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster (`<dataDir>/postgres`) and its state file. */
  dataDir: string;
  /** Preferred port; another free one is used when it is taken. 0 picks any free port. */
  port: number;
  log?: (message: string) => void;
}

interface State {
  port: number;
  password: string;
  /** Processes currently using the server; the last one to leave stops it. */
  users: number[];
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

const USER = 'postgres';
const DATABASE = 'benefits';

/**
 * A PostgreSQL cluster under DATA_DIR, shared by every process of this checkout: the API and CLI
 * commands find a running server through `<dataDir>/embedded-postgres.json` and use it; the server
 * is started by the first process that needs it and stopped by the last one to release it. The
 * postmaster runs in its own process group (pg_ctl), so Ctrl-C reaches the API first and the
 * database is stopped only after in-flight requests have finished.
 */
export class EmbeddedPostgres {
  private readonly clusterDir: string;
  private readonly stateFile: string;
  private readonly lockFile: string;
  private acquired = false;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.clusterDir = path.resolve(options.dataDir, 'postgres');
    this.stateFile = path.resolve(options.dataDir, 'embedded-postgres.json');
    this.lockFile = path.resolve(options.dataDir, 'embedded-postgres.lock');
  }

  /** Starts the server if no other process runs it, and returns the application database URL. */
  async acquire(): Promise<string> {
    mkdirSync(path.resolve(this.options.dataDir), { recursive: true });
    return this.withLock(async () => {
      const binaries = await loadBinaries();
      const owner = await postgresOwner();
      // As root the server runs as `postgres`, which must be able to reach its cluster folder.
      if (owner) chmodSync(path.resolve(this.options.dataDir), statSync(path.resolve(this.options.dataDir)).mode | 0o711);
      let state = this.readState();
      if (!existsSync(path.join(this.clusterDir, 'PG_VERSION'))) {
        state = { port: 0, password: randomBytes(24).toString('base64url'), users: [] };
        await this.initialise(binaries, state.password, owner);
      }
      if (!state) throw new Error(`${this.stateFile} is missing: remove ${this.clusterDir} to create a new cluster`);
      state.users = state.users.filter(isAlive);
      if (!(await this.isRunning(binaries, owner))) {
        state.port = await choosePort(this.options.port);
        await this.start(binaries, state.port, owner);
        state.users = [];
      } else {
        state.port = this.runningPort() ?? state.port;
      }
      state.users.push(process.pid);
      this.writeState(state);
      this.acquired = true;
      const adminUrl = `postgresql://${USER}:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/postgres`;
      await ensureDatabase(adminUrl, DATABASE);
      return `postgresql://${USER}:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/${DATABASE}`;
    });
  }

  /** Leaves the server; stops it when no other live process uses it. */
  async release(): Promise<void> {
    if (!this.acquired) return;
    this.acquired = false;
    await this.withLock(async () => {
      const state = this.readState();
      if (!state) return;
      state.users = state.users.filter((pid) => pid !== process.pid && isAlive(pid));
      this.writeState(state);
      if (state.users.length === 0) {
        const binaries = await loadBinaries();
        await asPostgres(binaries.pg_ctl, ['stop', '-D', this.clusterDir, '-m', 'fast', '-w', '-t', '10'], await postgresOwner());
        this.options.log?.('embedded PostgreSQL stopped');
      }
    });
  }

  private async initialise(binaries: Binaries, password: string, owner: Owner | undefined): Promise<void> {
    this.options.log?.(`creating the embedded PostgreSQL cluster in ${this.clusterDir}`);
    rmSync(this.clusterDir, { recursive: true, force: true });
    mkdirSync(this.clusterDir, { recursive: true, mode: 0o700 });
    const passwordFile = path.join(tmpdir(), `benefits-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    if (owner) {
      chownSync(this.clusterDir, owner.uid, owner.gid);
      chownSync(passwordFile, owner.uid, owner.gid);
    }
    try {
      await asPostgres(
        binaries.initdb,
        [`--pgdata=${this.clusterDir}`, `--username=${USER}`, `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'],
        owner,
      );
    } finally {
      rmSync(passwordFile, { force: true });
    }
  }

  private async start(binaries: Binaries, port: number, owner: Owner | undefined): Promise<void> {
    const options = [`-p ${port}`, "-c listen_addresses=127.0.0.1", "-c unix_socket_directories=''", '-c max_connections=200'].join(' ');
    await asPostgres(
      binaries.pg_ctl,
      ['start', '-D', this.clusterDir, '-w', '-t', '30', '-l', path.join(this.clusterDir, 'server.log'), '-o', options],
      owner,
    );
    this.options.log?.(`embedded PostgreSQL started on 127.0.0.1:${port}`);
  }

  private async isRunning(binaries: Binaries, owner: Owner | undefined): Promise<boolean> {
    try {
      await asPostgres(binaries.pg_ctl, ['status', '-D', this.clusterDir], owner);
      return true;
    } catch {
      return false;
    }
  }

  private runningPort(): number | undefined {
    try {
      const lines = readFileSync(path.join(this.clusterDir, 'postmaster.pid'), 'utf8').split('\n');
      const port = Number(lines[3]);
      return Number.isInteger(port) && port > 0 ? port : undefined;
    } catch {
      return undefined;
    }
  }

  private readState(): State | undefined {
    return existsSync(this.stateFile) ? (JSON.parse(readFileSync(this.stateFile, 'utf8')) as State) : undefined;
  }

  private writeState(state: State): void {
    writeFileSync(this.stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  }

  /** A lock file created exclusively; a lock left by a dead process is taken over after 30 s. */
  private async withLock<T>(work: () => Promise<T>): Promise<T> {
    const deadline = performance.now() + 60_000;
    for (;;) {
      try {
        closeSync(openSync(this.lockFile, 'wx'));
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (ageMs(this.lockFile) > 30_000) rmSync(this.lockFile, { force: true });
        if (performance.now() > deadline) throw new Error(`timed out waiting for ${this.lockFile}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    try {
      return await work();
    } finally {
      rmSync(this.lockFile, { force: true });
    }
  }
}

interface Owner {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root: as root, the cluster belongs to a `postgres` system user. */
async function postgresOwner(): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const id = async (flag: string) => Number((await run('id', [flag, 'postgres'])).stdout.trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
    return { uid: await id('-u'), gid: await id('-g') };
  }
}

/**
 * Runs a PostgreSQL program (as the `postgres` user when we are root). Resolves on exit rather than
 * on close: `pg_ctl start` leaves a daemon that may hold the pipes open.
 */
function asPostgres(binary: string, args: string[], owner: Owner | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      uid: owner?.uid,
      gid: owner?.gid,
      env: { ...process.env, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      child.stdout.destroy();
      child.stderr.destroy();
      if (code === 0) resolve(output);
      else reject(new Error(`${path.basename(binary)} ${args[0]} failed: ${output.trim() || `exit code ${code}`}`));
    });
  });
}

async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`the embedded PostgreSQL is not available for ${process.platform}-${process.arch} (${name}); set DATABASE_URL`);
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!exists.rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

async function choosePort(preferred: number): Promise<number> {
  return preferred > 0 && (await portIsFree(preferred)) ? preferred : findFreePort();
}

/** A port nothing listens on right now (the system picks it). */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * How long ago a file was last written; 0 when it is gone. A file's mtime is wall-clock time, so
 * this is the one wall-clock read here, and it runs before any application (and its Clock) exists.
 */
function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
