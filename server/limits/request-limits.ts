// Rate limits per address and per user, for sign-ins and for the API: the brake on guessing and floods.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { type Settings, settingsSchema } from '../../contract/index.ts';
import { OpError } from '../errors.ts';

type RateLimitSettings = Settings['rateLimits'];

/** Which budget a request draws on: sign-in attempts per minute, or API calls per second. */
export type LimitClass = 'login' | 'api';

/** Used while sealed (settings are sealed too): unseal attempts are limited from the first request. */
const DEFAULTS: RateLimitSettings = settingsSchema.parse({}).rateLimits;

interface Limiters {
  config: RateLimitSettings;
  loginByAddress: RateLimiterMemory;
  loginByUser: RateLimiterMemory;
  apiByAddress: RateLimiterMemory;
  apiByUser: RateLimiterMemory;
}

function build(config: RateLimitSettings): Limiters {
  return {
    config,
    loginByAddress: new RateLimiterMemory({ points: config.login.perAddressPerMinute, duration: 60 }),
    loginByUser: new RateLimiterMemory({ points: config.login.perUserPerMinute, duration: 60 }),
    apiByAddress: new RateLimiterMemory({ points: config.api.perAddressPerSecond, duration: 1 }),
    apiByUser: new RateLimiterMemory({ points: config.api.perUserPerSecond, duration: 1 }),
  };
}

export class RequestLimits {
  #limiters = build(DEFAULTS);

  /** Follows the settings; a change starts the counters afresh (they are at most a minute old anyway). */
  #current(settings: RateLimitSettings | null): Limiters {
    const config = settings ?? DEFAULTS;
    if (
      config !== this.#limiters.config &&
      JSON.stringify(config) !== JSON.stringify(this.#limiters.config)
    ) {
      this.#limiters = build(config);
    } else {
      this.#limiters.config = config;
    }
    return this.#limiters;
  }

  /** Counts one request from an address; throws `rate_limited` with the wait when its budget is spent. */
  async byAddress(kind: LimitClass, address: string, settings: RateLimitSettings | null): Promise<void> {
    const limiters = this.#current(settings);
    await take(kind === 'login' ? limiters.loginByAddress : limiters.apiByAddress, address, kind, 'address');
  }

  /** Counts one request for a user (by id for the API, by the name typed for sign-ins). */
  async byUser(kind: LimitClass, user: string, settings: RateLimitSettings | null): Promise<void> {
    const limiters = this.#current(settings);
    await take(kind === 'login' ? limiters.loginByUser : limiters.apiByUser, user, kind, 'user');
  }
}

async function take(limiter: RateLimiterMemory, key: string, kind: LimitClass, scope: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    const retryAfter = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
    const what = kind === 'login' ? 'sign-in attempts' : 'requests';
    throw new OpError('rate_limited', `too many ${what} from this ${scope}: try again in ${retryAfter} s`, {
      auditCode: `rate_limited_${kind}_${scope}`,
      retryAfter,
    });
  }
}
