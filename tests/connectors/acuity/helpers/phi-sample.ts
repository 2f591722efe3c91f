// The one PHI sample check, shared by every connector's tests.
export { phiProblems } from "../../../helpers/phi-sample.js";
