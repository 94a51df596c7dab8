import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { gateRequests, RequestGate } from "./request-gate";

describe("the request gate", () => {
  it("lets `limit` in at once and the rest in arrival order, and counts a double leave once", async () => {
    const gate = new RequestGate(2);
    const order: string[] = [];
    const a = await gate.enter();
    const b = await gate.enter();
    const entered = (name: string) => (leave: () => void) => {
      order.push(name);
      return leave;
    };
    const c = gate.enter().then(entered("c"));
    const d = gate.enter().then(entered("d"));
    expect(gate.queued).toBe(2);
    a();
    a();
    const leaveC = await c;
    expect(order).toEqual(["c"]);
    expect(gate.inFlight).toBe(2);
    b();
    (await d)();
    leaveC();
    expect(gate.inFlight).toBe(0);
    expect(gate.queued).toBe(0);
  });

  it("holds API requests beyond the limit until one answers, and never the health check", async () => {
    const app = Fastify();
    gateRequests(app, "/trpc", new RequestGate(1));
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: string[] = [];
    app.get("/trpc/slow", async () => {
      started.push("slow");
      await held;
      return "slow";
    });
    app.get("/trpc/fast", async () => {
      started.push("fast");
      return "fast";
    });
    app.get("/healthz", async () => "ok");
    await app.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    try {
      const slow = fetch(`${base}/trpc/slow`);
      await expect.poll(() => started).toEqual(["slow"]);
      const fast = fetch(`${base}/trpc/fast`);
      expect(await (await fetch(`${base}/healthz`)).text()).toBe("ok");
      expect(started).toEqual(["slow"]);
      release();
      expect(await (await fast).text()).toBe("fast");
      expect(await (await slow).text()).toBe("slow");
      expect(started).toEqual(["slow", "fast"]);
    } finally {
      await app.close();
    }
  });
});
