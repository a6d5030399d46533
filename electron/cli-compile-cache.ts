// Imported first by the CLI: Node keeps the code it compiles (the AWS SDK's, mostly) in its
// compile cache under the temp folder, so a command after the first starts ~30 ms sooner (0.15 s
// → 0.12 s for `--help` here). Node 22.1+; without it, nothing changes.
import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
