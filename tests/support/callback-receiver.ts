// A real HTTP receiver on loopback standing in for an App Server that takes
// Tencent's state-change callbacks: it records every request (query, headers,
// body, when it came and when it ended) and answers as the test says, per path.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: {
    CallbackCommand: string;
    EventTime: number;
    Info: { Action: string; To_Account: string; Reason: string };
    KickedDevice?: unknown;
  };
  raw: string;
  at: number;
  /** When the sender closed the connection before an answer, else when it was answered. */
  endedAt?: number;
  answered?: number;
};

/** What a path answers: a status (a 3xx redirects to /followed), a status after a delay, or nothing (the request is held open until the sender gives up). */
export type Answer = number | { status: number; afterMs: number } | "hang";

export type Receiver = {
  url: (path: string) => string;
  received: Received[];
  /** Sets what `path` answers; a function is asked per request with how many came to the path before it. */
  answer: (path: string, answer: Answer | ((seen: number) => Answer)) => void;
  /** Waits until `predicate` holds for what was received. */
  waitFor: (predicate: (received: Received[]) => boolean, timeoutMs?: number, what?: string) => Promise<Received[]>;
  close: () => Promise<void>;
};

export const sign = (token: string, requestTime: string) =>
  createHash("sha256")
    .update(token + requestTime)
    .digest("hex");

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const answers = new Map<string, (seen: number) => Answer>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://receiver");
      const raw = Buffer.concat(chunks).toString("utf8");
      const seen = received.filter((r) => r.path === url.pathname).length;
      const entry: Received = {
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: JSON.parse(raw),
        raw,
        at: Date.now(),
      };
      received.push(entry);
      const answer = answers.get(url.pathname)?.(seen) ?? 200;
      const reply = (status: number) => {
        if (response.destroyed) return;
        entry.answered = status;
        entry.endedAt = Date.now();
        response.writeHead(status, {
          "content-type": "application/json",
          ...(status >= 300 && status < 400 && { location: "/followed" }),
        });
        response.end(
          JSON.stringify(
            status === 200
              ? { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" }
              : { ActionStatus: "FAIL", ErrorCode: 1, ErrorInfo: "test" },
          ),
        );
      };
      response.on("close", () => (entry.endedAt ??= Date.now()));
      if (answer === "hang") return;
      if (typeof answer === "number") reply(answer);
      else setTimeout(() => reply(answer.status), answer.afterMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    answer: (path, answer) => answers.set(path, typeof answer === "function" ? answer : () => answer),
    async waitFor(predicate, timeoutMs = 20_000, what = "the expected callbacks") {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline)
          throw new Error(
            `timed out waiting for ${what}; received: ${JSON.stringify(received.map((r) => [r.path, r.raw, r.answered]))}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
