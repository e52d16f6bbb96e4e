import "server-only";
import { metrics } from "@/lib/metrics/registry";
import type { Dispatcher } from "undici";
import { callbackTargets, type CallbackTarget } from "@/lib/data/callback-config";
import {
  type ClaimedDelivery,
  type DeliveryOutcome,
  claimDeliveries,
  completeDelivery,
  releaseDeliveries,
} from "@/lib/data/callback-outbox";
import { postCallback } from "@/lib/callbacks/deliver";
import { stateChangeBody, stateChangeUrl } from "@/lib/callbacks/state-change";

// Runs one process's delivery attempts so that no application waits for
// another's receiver. Attempts run independently, not in batches: each one
// that ends frees its place at once. At most PER_APP attempts of one app are
// in flight in this process (a receiver that never answers holds PER_APP
// places for TIMEOUT_MS each, never anyone else's), and at most IN_FLIGHT in
// all (sockets and memory stay bounded however many apps there are).
// Claims are shared out among the apps with something due
// (lib/data/callback-outbox.ts), so a backlog cannot crowd out the others.

export const PER_APP = 8;
export const IN_FLIGHT = 64;
// Longer than an attempt can take (a 2 s timeout, then one UPDATE), so a
// claim outlives its attempt; a crashed process's claims free up after it.
export const LEASE_MS = 15_000;

/** Sends one claimed delivery to its app's target; the default posts it over HTTP. */
export type Send = (claim: ClaimedDelivery, target: CallbackTarget) => Promise<DeliveryOutcome>;

/** Posts Tencent's request for one delivery, through `dispatcher` (the server's own by default). */
export const postStateChange =
  (dispatcher?: Dispatcher): Send =>
  (claim, target) => {
    // RequestTime is the attempt's own, so a receiver can refuse stale requests (Tencent suggests one minute).
    const signing =
      target.token === null ? undefined : { token: target.token, requestTime: Math.floor(Date.now() / 1000) };
    return postCallback(stateChangeUrl(target.url, claim, signing), stateChangeBody(claim), dispatcher);
  };

const NOT_CONFIGURED: DeliveryOutcome = {
  ok: false,
  status: null,
  latencyMs: null,
  error: "State callbacks are not configured for this application.",
  final: true,
};

export class DeliveryScheduler {
  private readonly inFlight = new Map<number, number>();
  private total = 0;
  private readonly attempts = new Set<Promise<void>>();
  private pumping: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    /** Told of each failure (what failed and why; it is retried) and that the same work succeeded again (null). */
    private readonly report: (what: string, error: unknown) => void,
    private readonly send: Send = postStateChange(),
  ) {}

  /** Claims and starts what is due while there is room; calls made meanwhile run it once more. */
  pump(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    this.pumping = (async () => {
      try {
        do {
          this.again = false;
          while (await this.claimMore()) {
            // until there is no room or nothing more is due
          }
        } while (this.again && !this.stopped);
        this.report("delivering", null);
      } catch (error) {
        this.report("delivering", error);
      } finally {
        this.pumping = null;
      }
    })();
    return this.pumping;
  }

  /** Stops claiming and waits for the attempts in flight to be recorded (each ends within its timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    while (this.pumping || this.attempts.size > 0) {
      await this.pumping;
      await Promise.all(this.attempts);
    }
  }

  /** Claims one share and starts its attempts; false when there was no room or nothing due. */
  private async claimMore(): Promise<boolean> {
    const room = IN_FLIGHT - this.total;
    if (room <= 0 || this.stopped) return false;
    const claims = await claimDeliveries(
      room,
      LEASE_MS,
      new Date(),
      (sdkAppId) => PER_APP - (this.inFlight.get(sdkAppId) ?? 0),
    );
    if (claims.length === 0) return false;
    // Claims that will not be attempted go back at once rather than stay leased for LEASE_MS.
    if (this.stopped) {
      await releaseDeliveries(claims);
      return false;
    }
    let targets: Awaited<ReturnType<typeof callbackTargets>>;
    try {
      targets = await callbackTargets([...new Set(claims.map((claim) => claim.sdkAppId))]);
    } catch (error) {
      await releaseDeliveries(claims);
      throw error;
    }
    for (const claim of claims) this.start(claim, targets.get(claim.sdkAppId));
    return true;
  }

  private start(claim: ClaimedDelivery, target: CallbackTarget | { error: string } | undefined): void {
    const app = claim.sdkAppId;
    this.total++;
    this.inFlight.set(app, (this.inFlight.get(app) ?? 0) + 1);
    const attempt = this.attempt(claim, target).finally(() => {
      this.total--;
      const left = (this.inFlight.get(app) ?? 1) - 1;
      if (left === 0) this.inFlight.delete(app);
      else this.inFlight.set(app, left);
      this.attempts.delete(attempt);
      void this.pump();
    });
    this.attempts.add(attempt);
  }

  private async attempt(claim: ClaimedDelivery, target: CallbackTarget | { error: string } | undefined): Promise<void> {
    try {
      const outcome = !target
        ? NOT_CONFIGURED
        : "error" in target
          ? { ok: false as const, status: null, latencyMs: null, error: target.error }
          : await this.send(claim, target);
      const result = await completeDelivery(claim, outcome);
      metrics.callbackDeliveries.inc({ result: result === "pending" ? "retrying" : result });
      this.report("recording an outcome", null);
    } catch (error) {
      // The outcome was not recorded: the lease runs out and the delivery is attempted again.
      this.report("recording an outcome", error);
    }
  }
}
