import type { Config } from './config';
import type { Dependencies } from './dependencies';

/** The part of the Workers static-assets binding we use. */
export interface AssetFetcher {
  fetch(request: Request): Promise<Response>;
}

/** Worker bindings: static assets plus string vars and secrets (parsed by config.ts). */
export interface Bindings {
  ASSETS?: AssetFetcher;
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
