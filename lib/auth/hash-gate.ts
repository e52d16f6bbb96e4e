import "server-only";
import { availableParallelism } from "node:os";
import { RateLimitError } from "@/lib/errors";

// Password hashing (scrypt: 128 MiB and about 0.3 s each) runs on libuv's
// thread pool, which DNS lookups and file access share. Every new (email,
// address) pair is a fresh throttle count, so a flood of sign-ins from many
// addresses would each be hashed: unbounded, they would fill the pool and
// take 128 MiB per hash in flight. So every hash in a process passes one
// gate: half the cores in flight, a short queue, and past it a refusal that
// the sign-in answers with 429 and Retry-After. Hashes on behalf of someone
// already trusted (a client known to the account, a signed-in operator, a
// script) wait at the front and are not refused for a full queue, so a
// flood cannot lock the owner out.

const IN_FLIGHT = Math.max(1, Math.floor(availableParallelism() / 2));
/** Waiting strangers: about two seconds of hashing. */
const QUEUE_LENGTH = IN_FLIGHT * 6;
const MAX_WAIT_MS = 3_000;
const TRUSTED_MAX_WAIT_MS = 30_000;
const TRUSTED_QUEUE_LENGTH = 100;
export const BUSY_RETRY_SECONDS = 2;

type Waiter = { start: () => void };

class HashGate {
  private running = 0;
  private readonly trusted: Waiter[] = [];
  private readonly strangers: Waiter[] = [];

  async run<T>(trusted: boolean, hash: () => Promise<T>): Promise<T> {
    if (this.running < IN_FLIGHT) this.running++;
    else await this.queue(trusted);
    try {
      return await hash();
    } finally {
      // The slot passes straight to the next waiter, trusted ones first.
      const next = this.trusted.shift() ?? this.strangers.shift();
      if (next) next.start();
      else this.running--;
    }
  }

  private queue(trusted: boolean): Promise<void> {
    const line = trusted ? this.trusted : this.strangers;
    if (line.length >= (trusted ? TRUSTED_QUEUE_LENGTH : QUEUE_LENGTH)) return Promise.reject(busy());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => {
          line.splice(line.indexOf(waiter), 1);
          reject(busy());
        },
        trusted ? TRUSTED_MAX_WAIT_MS : MAX_WAIT_MS,
      );
      const waiter: Waiter = {
        start: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      line.push(waiter);
    });
  }
}

const busy = () =>
  new RateLimitError(`Too many sign-ins at once. Try again in ${BUSY_RETRY_SECONDS} seconds.`, BUSY_RETRY_SECONDS);

// One gate per process: the server and Next's bundle each load lib.
const GATE = Symbol.for("tessera.hash-gate");
const holder = globalThis as { [GATE]?: HashGate };
const gate = (holder[GATE] ??= new HashGate());

/** Runs one password hash through the process's gate; `trusted` waits at the front. */
export const throughHashGate = <T>(trusted: boolean, hash: () => Promise<T>): Promise<T> => gate.run(trusted, hash);
