// A token bucket: `ratePerSecond` tokens refill continuously up to `burst`; each request takes one.
// Pure over an injected clock so tests need no sleeping.

export interface TokenBucket {
  /** Takes a token if one is available; false means the caller is over the rate. */
  take(): boolean;
}

export function createTokenBucket(
  ratePerSecond: number,
  options: { burst?: number; now?: () => number } = {},
): TokenBucket {
  const burst = Math.max(1, options.burst ?? ratePerSecond);
  const now = options.now ?? (() => performance.now());
  let tokens = burst;
  let last = now();
  return {
    take() {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * ratePerSecond);
      last = t;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    },
  };
}
