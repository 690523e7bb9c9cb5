import type { Config } from './config';
import type { Dependencies } from './dependencies';

/** Worker bindings: static assets plus string vars and secrets (parsed by config.ts). */
export interface Bindings {
  ASSETS?: Fetcher;
  [variable: string]: unknown;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    config: Config;
    dependencies: Dependencies;
    requestId: string;
  };
}
