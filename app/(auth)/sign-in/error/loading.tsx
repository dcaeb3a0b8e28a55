// While this page loads: the sign-in frame stays, with a status line.
export { default } from "../../AuthLoading";
