// Runs the demo's processes as one: each child's output goes to a log file;
// a child that exits with 75 (EX_TEMPFAIL, workers/lifecycle.ts) is started
// again; any other child that stops stops all the others; SIGINT, SIGTERM or
// SIGHUP stops everything. Stopping is bounded: children get SIGTERM, then
// SIGKILL after a grace period, so their ports are free when this exits.

import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";

export const EXIT_RESTART = 75;

interface Spec {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  restartOnTempfail: boolean;
}

export class Supervisor {
  private readonly running = new Map<string, ChildProcess>();
  private readonly restarts = new Map<string, number[]>();
  private stopping: Promise<never> | undefined;

  constructor(
    private readonly options: {
      cwd: string;
      logDir: string;
      say: (text: string) => void;
      /** How long children get to stop after SIGTERM before SIGKILL. */
      graceMs?: number;
      /** Called with each child, for callers that read its output. */
      onStart?: (name: string, child: ChildProcess) => void;
    },
  ) {}

  /** Stops everything on Ctrl-C (SIGINT to the process group, or to npm alone), SIGTERM or SIGHUP; a second signal kills at once. */
  handleSignals() {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      process.on(signal, () => {
        if (this.stopping) this.killAll("SIGKILL");
        else void this.stop(0);
      });
    }
  }

  start(name: string, command: string, args: string[], env: Record<string, string>, options: { restartOnTempfail?: boolean } = {}) {
    return this.launch({ name, command, args, env, restartOnTempfail: options.restartOnTempfail ?? false });
  }

  private launch(spec: Spec, restart = false): ChildProcess {
    const log = createWriteStream(path.join(this.options.logDir, `${spec.name}.log`), { flags: restart ? "a" : "w" });
    const child = spawn(spec.command, spec.args, { cwd: this.options.cwd, env: { ...process.env, ...spec.env }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    this.running.set(spec.name, child);
    child.on("exit", (code, signal) => {
      if (this.running.get(spec.name) === child) this.running.delete(spec.name);
      if (this.stopping) return;
      if (code === EXIT_RESTART && spec.restartOnTempfail && this.mayRestart(spec.name)) {
        this.options.say(`${spec.name} asked to be restarted; starting it again (see ${path.join(path.basename(this.options.logDir), `${spec.name}.log`)})`);
        setTimeout(() => !this.stopping && this.launch(spec, true), 1_000).unref();
        return;
      }
      console.error(
        `\n${spec.name} stopped (${signal ? `signal ${signal}` : `exit ${code}`}); stopping the rest. See ${path.join(path.basename(this.options.logDir), `${spec.name}.log`)}`,
      );
      void this.stop(1);
    });
    this.options.onStart?.(spec.name, child);
    return child;
  }

  // A child that asks for a restart every few seconds will not get better: at most 5 a minute.
  private mayRestart(name: string) {
    const now = Date.now();
    const recent = (this.restarts.get(name) ?? []).filter((t) => now - t < 60_000);
    recent.push(now);
    this.restarts.set(name, recent);
    return recent.length <= 5;
  }

  private killAll(signal: NodeJS.Signals) {
    for (const child of this.running.values()) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }

  /** SIGTERM to every child, SIGKILL to those still there after the grace period, then exit with `code`. */
  stop(code: number): Promise<never> {
    this.stopping ??= (async () => {
      const children = [...this.running.values()].filter((c) => c.exitCode === null && c.signalCode === null);
      const exited = children.map(
        (c) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once("exit", () => resolve()))),
      );
      this.killAll("SIGTERM");
      const grace = setTimeout(() => this.killAll("SIGKILL"), this.options.graceMs ?? 8_000);
      await Promise.all(exited);
      clearTimeout(grace);
      process.exit(code);
    })();
    return this.stopping;
  }
}
