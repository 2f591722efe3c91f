// minnow's public library API. Other parts of minnow build on these exact names.
export { loadEnv, ConfigError, type Env } from "./config/env.js";
