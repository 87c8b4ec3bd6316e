// UserStore: where authentication finds an account's plugin and stored credential. The wire layer
// asks `lookup(user, host)`; the SQL layer will later back it with mysql.user. For now an in-memory
// store with a passwordless root, enough for the playground and tests.

import { cachingSha2Hash, nativePasswordHash, type Account } from './auth.js';
import { AuthPlugin } from './constants.js';

export interface UserStore {
  /** The account for `user` connecting from `host`, or undefined when there is none. */
  lookup(user: string, host: string): Account | undefined;
}

export class InMemoryUserStore implements UserStore {
  private readonly users = new Map<string, Account>();

  constructor(withRoot = true) {
    if (withRoot) this.users.set('root', { plugin: AuthPlugin.CACHING_SHA2, authString: '' });
  }

  /** Add or replace an account (any host) with a plaintext password hashed for `plugin`. */
  addUser(user: string, password: string, plugin: string = AuthPlugin.CACHING_SHA2): this {
    const authString = plugin === AuthPlugin.NATIVE ? nativePasswordHash(password) : cachingSha2Hash(password);
    this.users.set(user, { plugin, authString });
    return this;
  }

  lookup(user: string, _host: string): Account | undefined {
    return this.users.get(user);
  }
}
