// The entry Zapier loads (package.json "exports"): the app compiled from src/ by `npm run build`.
export { default } from "./dist/index.js";
