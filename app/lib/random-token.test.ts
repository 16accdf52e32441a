import { randomToken } from "./random-token.server";

describe("randomToken", () => {
  it("gives distinct base64url tokens of the asked size, across pool refills", () => {
    const tokens = Array.from({ length: 5_000 }, () => randomToken(6));
    expect(tokens.every((t) => /^[A-Za-z0-9_-]{8}$/.test(t))).toBe(true);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(randomToken(5_000)).toHaveLength(Math.ceil((5_000 * 4) / 3));
  });
});
