// While Stripe prepares the preview: the shell stays, with a status line and the outline of the page.
export { default } from "@/components/shell/RouteLoading";
