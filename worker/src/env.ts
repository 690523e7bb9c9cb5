import type { Config } from './config';
import type { Bindings, Dependencies } from './dependencies';

export type { AssetFetcher, Bindings } from './dependencies';

export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    config: Config;
    dependencies: Dependencies;
    requestId: string;
  };
}
